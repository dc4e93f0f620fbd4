package io.pistream.sensor;

import io.pistream.contracts.ConfigException;
import io.pistream.contracts.ConfigReader;
import io.pistream.contracts.ConfigSections;
import io.pistream.contracts.NodeIdentity;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The {@code sensor} config section plus the node id, validated as a whole. */
record SensorVerticleSettings(
    String nodeId,
    List<SensorSettings> sensors,
    long statusEveryMs,
    Instant notBefore,
    long logSummaryMs,
    DeliverySettings delivery) {

  static final String SECTION = ConfigSections.SENSOR;

  SensorVerticleSettings {
    sensors = List.copyOf(sensors);
  }

  /**
   * @param config the verticle's config: the {@code sensor} section's content plus {@code node}
   * @param buildTime the default of {@code notBefore}
   * @throws ConfigException naming the first invalid setting
   */
  static SensorVerticleSettings from(JsonObject config, Supplier<Instant> buildTime) {
    ConfigReader section = new ConfigReader(config, SECTION);
    String nodeId = NodeIdentity.of(config).id();
    JsonArray entries = section.list("sensors");
    if (entries.isEmpty()) {
      throw new ConfigException(section.path("sensors") + " must list at least one sensor (or leave 'sensor' out of node.roles)");
    }
    List<SensorSettings> sensors = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      sensors.add(SensorSettings.from(section.element("sensors", i)));
    }
    checkUnique(sensors, section.path("sensors"));
    return new SensorVerticleSettings(
        nodeId,
        sensors,
        section.integer("statusEverySeconds", 30, 1, 3600) * 1000,
        notBefore(section, buildTime),
        section.integer("logSummarySeconds", 60, 1, 86_400) * 1000,
        DeliverySettings.from(section.section("delivery")));
  }

  boolean needsGpio() {
    return sensors.stream().anyMatch(s -> s.power().configured());
  }

  private static Instant notBefore(ConfigReader section, Supplier<Instant> buildTime) {
    String text = section.string("notBefore", "").trim();
    if (text.isEmpty()) {
      return buildTime.get();
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new ConfigException(section.path("notBefore") + " must be an ISO-8601 UTC instant such as 2025-01-01T00:00:00Z, or empty, got '"
          + text + "'");
    }
  }

  private static void checkUnique(List<SensorSettings> sensors, String path) {
    Map<String, Integer> ids = new HashMap<>();
    Map<Integer, String> pins = new HashMap<>();
    for (int i = 0; i < sensors.size(); i++) {
      SensorSettings sensor = sensors.get(i);
      String at = path + "[" + i + "]";
      Integer earlier = ids.putIfAbsent(sensor.id(), i);
      if (earlier != null) {
        throw new ConfigException(at + ".id '" + sensor.id() + "' is already the id of " + path + "[" + earlier + "]; ids must be unique on a node");
      }
      if (sensor.driver() == DriverKind.IIO && sensor.iio().device().isEmpty()) {
        claim(pins, sensor.iio().gpioPin(), at + ".iio.gpioPin");
      }
      if (sensor.power().configured()) {
        claim(pins, sensor.power().pin(), at + ".power.pin");
      }
    }
  }

  private static void claim(Map<Integer, String> pins, int pin, String setting) {
    String owner = pins.putIfAbsent(pin, setting);
    if (owner != null) {
      throw new ConfigException(setting + " " + pin + " is already used by " + owner + "; each GPIO can serve one purpose");
    }
  }
}
