package io.pistream.contracts;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Readings handed to storage on {@link Addresses#STORAGE_STORE}: {@code {"readings": [Reading...]}}.
 *
 * @param readings in the order they were read
 */
public record StoreBatch(List<Reading> readings) {

  public StoreBatch {
    readings = List.copyOf(readings);
  }

  public JsonObject toJson() {
    return new JsonObject().put("readings", new JsonArray(readings.stream().map(Reading::toJson).toList()));
  }

  /** @throws IllegalArgumentException naming the malformed reading */
  public static StoreBatch fromJson(JsonObject json) {
    Object value = json.getValue("readings");
    if (!(value instanceof JsonArray array)) {
      throw new IllegalArgumentException("readings must be a list");
    }
    List<Reading> readings = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof JsonObject reading)) {
        throw new IllegalArgumentException("readings[" + i + "] must be an object");
      }
      try {
        readings.add(Reading.fromJson(reading));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("readings[" + i + "]: " + e.getMessage(), e);
      }
    }
    return new StoreBatch(readings);
  }
}
