package io.pistream.contracts;

import io.vertx.core.json.JsonObject;

/** A sensor's identity across a cluster: ids are unique per node, so a sensor is named by both. */
public record SensorKey(String node, String sensor) {

  public SensorKey {
    Messages.requireText(node, "node");
    Messages.requireText(sensor, "sensor");
  }

  public JsonObject toJson() {
    return new JsonObject().put("node", node).put("sensor", sensor);
  }

  public static SensorKey fromJson(JsonObject json) {
    return new SensorKey(json.getString("node"), json.getString("sensor"));
  }

  /** {@code node/sensor}, the form used in URLs and logs. */
  @Override
  public String toString() {
    return node + "/" + sensor;
  }
}
