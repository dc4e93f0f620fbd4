package io.pistream.contracts;

import io.vertx.core.json.JsonObject;

/**
 * A sensor storage knows about, in the reply of {@link Addresses#STORAGE_SENSORS}.
 *
 * @param node the node it is attached to
 * @param sensor its id on that node
 * @param name the last display name it reported, empty if none yet
 * @param location the last location it reported, empty if none yet
 * @param firstSeen the oldest stored reading, epoch ms, 0 if none
 * @param lastSeen the newest stored reading, epoch ms, 0 if none
 */
public record SensorInfo(String node, String sensor, String name, String location, long firstSeen, long lastSeen) {

  public SensorKey key() {
    return new SensorKey(node, sensor);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("node", node)
        .put("sensor", sensor)
        .put("name", name)
        .put("location", location)
        .put("firstSeen", firstSeen)
        .put("lastSeen", lastSeen);
  }

  public static SensorInfo fromJson(JsonObject json) {
    return new SensorInfo(
        Messages.requireText(json.getString("node"), "node"),
        Messages.requireText(json.getString("sensor"), "sensor"),
        json.getString("name", ""),
        json.getString("location", ""),
        json.getLong("firstSeen", 0L),
        json.getLong("lastSeen", 0L));
  }
}
