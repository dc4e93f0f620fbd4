package io.pistream.contracts;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collection;

/**
 * Reads one config section and names the full setting path in every error, e.g.
 * {@code sensor.sensors[1].intervalSeconds must be at least 2, got 1}.
 */
public final class ConfigReader {

  private final JsonObject json;
  private final String path;

  public ConfigReader(JsonObject json, String path) {
    this.json = json == null ? new JsonObject() : json;
    this.path = path;
  }

  public JsonObject json() {
    return json;
  }

  public String path(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  public ConfigReader section(String key) {
    Object value = json.getValue(key);
    if (value != null && !(value instanceof JsonObject)) {
      throw new ConfigException(path(key) + " must be a section (key: value pairs)");
    }
    return new ConfigReader((JsonObject) value, path(key));
  }

  public ConfigReader element(String key, int index) {
    Object value = list(key).getValue(index);
    if (!(value instanceof JsonObject object)) {
      throw new ConfigException(path(key) + "[" + index + "] must be a section (key: value pairs)");
    }
    return new ConfigReader(object, path(key) + "[" + index + "]");
  }

  public JsonArray list(String key) {
    Object value = json.getValue(key);
    if (value == null) {
      return new JsonArray();
    }
    if (!(value instanceof JsonArray array)) {
      throw new ConfigException(path(key) + " must be a list");
    }
    return array;
  }

  public String string(String key, String fallback) {
    Object value = json.getValue(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof JsonObject || value instanceof JsonArray) {
      throw new ConfigException(path(key) + " must be a single value");
    }
    return String.valueOf(value);
  }

  public String requiredString(String key) {
    String value = string(key, null);
    if (value == null || value.isBlank()) {
      throw new ConfigException(path(key) + " is required");
    }
    return value;
  }

  public String oneOf(String key, String fallback, Collection<String> allowed) {
    String value = string(key, fallback);
    if (!allowed.contains(value)) {
      throw new ConfigException(path(key) + " must be one of " + String.join(", ", allowed) + ", got '" + value + "'");
    }
    return value;
  }

  public boolean bool(String key, boolean fallback) {
    Object value = json.getValue(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    String text = String.valueOf(value).trim();
    if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(text);
    }
    throw new ConfigException(path(key) + " must be true or false, got '" + value + "'");
  }

  public double number(String key, double fallback) {
    Object value = json.getValue(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    try {
      return Double.parseDouble(String.valueOf(value).trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(path(key) + " must be a number, got '" + value + "'");
    }
  }

  public double number(String key, double fallback, double min, double max) {
    double value = number(key, fallback);
    if (value < min || value > max) {
      throw new ConfigException(path(key) + " must be between " + trim(min) + " and " + trim(max) + ", got " + trim(value));
    }
    return value;
  }

  public long integer(String key, long fallback, long min, long max) {
    double value = number(key, fallback);
    if (value != Math.rint(value)) {
      throw new ConfigException(path(key) + " must be a whole number, got " + value);
    }
    if (value < min || value > max) {
      throw new ConfigException(path(key) + " must be between " + min + " and " + max + ", got " + trim(value));
    }
    return (long) value;
  }

  private static String trim(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
  }
}
