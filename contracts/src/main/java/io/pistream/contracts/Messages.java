package io.pistream.contracts;

import io.vertx.core.json.JsonObject;

/** Checks shared by the message records, so a malformed message fails where it is decoded. */
final class Messages {

  static String requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " is missing");
    }
    return value;
  }

  static long requireLong(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (!(value instanceof Number number)) {
      throw new IllegalArgumentException(field + " must be a number");
    }
    return number.longValue();
  }

  static double requireDouble(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (!(value instanceof Number number)) {
      throw new IllegalArgumentException(field + " must be a number");
    }
    return number.doubleValue();
  }

  private Messages() {
  }
}
