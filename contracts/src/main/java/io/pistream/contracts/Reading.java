package io.pistream.contracts;

import io.vertx.core.json.JsonObject;

/**
 * One accepted sensor reading, as published on {@link Addresses#SENSOR_READINGS}.
 *
 * @param node the node that read it
 * @param sensor the sensor id, unique on its node
 * @param ts UTC time of the read, epoch milliseconds
 * @param temperatureC degrees Celsius, calibration applied
 * @param humidityPct relative humidity in percent, calibration applied
 */
public record Reading(String node, String sensor, long ts, double temperatureC, double humidityPct) {

  public Reading {
    Messages.requireText(node, "node");
    Messages.requireText(sensor, "sensor");
  }

  public SensorKey key() {
    return new SensorKey(node, sensor);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("node", node)
        .put("sensor", sensor)
        .put("ts", ts)
        .put("temperatureC", temperatureC)
        .put("humidityPct", humidityPct);
  }

  /** @throws IllegalArgumentException naming the missing or malformed field */
  public static Reading fromJson(JsonObject json) {
    return new Reading(
        json.getString("node"),
        json.getString("sensor"),
        Messages.requireLong(json, "ts"),
        Messages.requireDouble(json, "temperatureC"),
        Messages.requireDouble(json, "humidityPct"));
  }
}
