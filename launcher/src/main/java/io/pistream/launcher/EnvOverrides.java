package io.pistream.launcher;

import io.pistream.contracts.ConfigException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Applies {@code PISTREAM_*} environment variables over the config: {@code PISTREAM_HTTP_PORT=9000}
 * sets {@code http.port}, {@code PISTREAM_SENSOR_SENSORS_0_DRIVER=iio} sets the first sensor's driver.
 * Segments match setting names case-insensitively; a variable that names no setting stops the start,
 * since a silently ignored typo is worse than an error.
 *
 * <p>Passwords have variables of their own ({@link #SECRETS}): they fill a key the config file does not
 * document, so a password can be kept out of every file that gets copied or backed up.
 */
final class EnvOverrides {

  static final String PREFIX = "PISTREAM_";

  /** Variables that steer the launcher or the logging rather than name a setting. */
  private static final Set<String> NOT_SETTINGS = Set.of("PISTREAM_CONFIG", "PISTREAM_LOG_LEVEL", "PISTREAM_JAVA_OPTS");

  /** Password variables and the section and key each fills; they win over the section's {@code passwordFile}. */
  static final Map<String, List<String>> SECRETS = Map.of(
      "PISTREAM_SMTP_PASSWORD", List.of("alerts", "email", "password"),
      "PISTREAM_MQTT_PASSWORD", List.of("mqtt", "password"));

  static void apply(JsonObject config, Map<String, String> env) {
    // Sorted so that the outcome does not depend on the environment's order.
    for (Map.Entry<String, String> entry : new TreeMap<>(env).entrySet()) {
      String name = entry.getKey();
      if (SECRETS.containsKey(name)) {
        setSecret(config, SECRETS.get(name), entry.getValue());
      } else if (name.startsWith(PREFIX) && !NOT_SETTINGS.contains(name)) {
        set(config, name, entry.getValue());
      }
    }
  }

  private static void setSecret(JsonObject config, List<String> path, String value) {
    JsonObject section = config;
    for (String key : path.subList(0, path.size() - 1)) {
      if (!(section.getValue(key) instanceof JsonObject)) {
        section.put(key, new JsonObject());
      }
      section = section.getJsonObject(key);
    }
    section.put(path.get(path.size() - 1), value);
  }

  private static void set(JsonObject config, String name, String value) {
    String[] segments = name.substring(PREFIX.length()).toLowerCase(Locale.ROOT).split("_");
    Object node = config;
    StringBuilder path = new StringBuilder();
    for (int i = 0; i < segments.length; i++) {
      boolean last = i == segments.length - 1;
      String segment = segments[i];
      if (node instanceof JsonObject object) {
        String key = findKey(object, segment);
        if (key == null) {
          throw new ConfigException(name + " names no setting: " + describe(path, segment) + " does not exist");
        }
        appendPath(path, key);
        if (last) {
          object.put(key, convert(object.getValue(key), value, name));
        } else {
          node = object.getValue(key);
        }
      } else if (node instanceof JsonArray array) {
        int index = parseIndex(segment, array.size(), name, path);
        path.append('[').append(index).append(']');
        if (last) {
          array.set(index, convert(array.getValue(index), value, name));
        } else {
          node = array.getValue(index);
        }
      } else {
        throw new ConfigException(name + " names no setting: " + path + " is a single value");
      }
    }
  }

  private static String findKey(JsonObject object, String segment) {
    for (String key : object.fieldNames()) {
      if (key.toLowerCase(Locale.ROOT).equals(segment)) {
        return key;
      }
    }
    return null;
  }

  private static int parseIndex(String segment, int size, String name, StringBuilder path) {
    try {
      int index = Integer.parseInt(segment);
      if (index >= 0 && index < size) {
        return index;
      }
    } catch (NumberFormatException e) {
      // reported below with the same message as an index out of range
    }
    throw new ConfigException(name + ": " + path + " is a list of " + size + ", '" + segment + "' is not an index in it");
  }

  private static Object convert(Object current, String value, String name) {
    try {
      if (current instanceof Number) {
        // Not a ternary: it would promote the long to a double.
        if (value.contains(".")) {
          return Double.parseDouble(value.trim());
        }
        return Long.parseLong(value.trim());
      }
      if (current instanceof Boolean) {
        String text = value.trim();
        if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
          throw new ConfigException(name + " must be true or false, got '" + value + "'");
        }
        return Boolean.parseBoolean(text);
      }
      if (current instanceof JsonArray) {
        return value.trim().startsWith("[") ? new JsonArray(value) : splitList(value);
      }
      if (current instanceof JsonObject) {
        return new JsonObject(value);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new ConfigException(name + " must be a number, got '" + value + "'");
    } catch (DecodeException e) {
      throw new ConfigException(name + " must be JSON here, got '" + value + "': " + e.getMessage());
    }
  }

  private static JsonArray splitList(String value) {
    JsonArray list = new JsonArray();
    for (String item : value.split(",")) {
      if (!item.isBlank()) {
        list.add(item.trim());
      }
    }
    return list;
  }

  private static void appendPath(StringBuilder path, String key) {
    if (path.length() > 0) {
      path.append('.');
    }
    path.append(key);
  }

  private static String describe(StringBuilder path, String segment) {
    return path.length() == 0 ? segment : path + "." + segment;
  }

  private EnvOverrides() {
  }
}
