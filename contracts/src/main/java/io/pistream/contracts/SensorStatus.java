package io.pistream.contracts;

import io.vertx.core.json.JsonObject;

/**
 * A sensor's health, as published on {@link Addresses#SENSOR_STATUS}.
 *
 * @param node the node the sensor is attached to
 * @param sensor the sensor id
 * @param name display name
 * @param location where it hangs ("ceiling", "greenhouse")
 * @param state current state
 * @param since when the current state began, epoch ms
 * @param lastReadingTs the last accepted reading's time, epoch ms, 0 if none yet
 * @param detail why the sensor is failing or offline; empty when ok
 * @param readsOk accepted reads since start
 * @param readsFailed reads that failed (I/O error, timeout) since start
 * @param readsRejected reads rejected by validation (range, spike, clock) since start
 * @param pollsSkipped polls skipped since start because an abandoned read of the sensor was still blocked
 * @param deliveryWaiting this node's readings not yet acknowledged by storage, in memory and spooled
 * @param deliverySpooled of those, the ones in the node's spool on disk
 * @param deliveryDropped this node's readings dropped since start because the buffer or the spool was full
 */
public record SensorStatus(
    String node,
    String sensor,
    String name,
    String location,
    SensorState state,
    long since,
    long lastReadingTs,
    String detail,
    long readsOk,
    long readsFailed,
    long readsRejected,
    long pollsSkipped,
    long deliveryWaiting,
    long deliverySpooled,
    long deliveryDropped) {

  /** A status without the skip and delivery counters, which read as 0. */
  public SensorStatus(String node, String sensor, String name, String location, SensorState state, long since, long lastReadingTs,
      String detail, long readsOk, long readsFailed, long readsRejected) {
    this(node, sensor, name, location, state, since, lastReadingTs, detail, readsOk, readsFailed, readsRejected, 0, 0, 0, 0);
  }

  public SensorKey key() {
    return new SensorKey(node, sensor);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("node", node)
        .put("sensor", sensor)
        .put("name", name)
        .put("location", location)
        .put("state", state.wire())
        .put("since", since)
        .put("lastReadingTs", lastReadingTs)
        .put("detail", detail)
        .put("readsOk", readsOk)
        .put("readsFailed", readsFailed)
        .put("readsRejected", readsRejected)
        .put("pollsSkipped", pollsSkipped)
        .put("deliveryWaiting", deliveryWaiting)
        .put("deliverySpooled", deliverySpooled)
        .put("deliveryDropped", deliveryDropped);
  }

  public static SensorStatus fromJson(JsonObject json) {
    return new SensorStatus(
        Messages.requireText(json.getString("node"), "node"),
        Messages.requireText(json.getString("sensor"), "sensor"),
        json.getString("name", ""),
        json.getString("location", ""),
        SensorState.fromWire(json.getString("state")),
        json.getLong("since", 0L),
        json.getLong("lastReadingTs", 0L),
        json.getString("detail", ""),
        json.getLong("readsOk", 0L),
        json.getLong("readsFailed", 0L),
        json.getLong("readsRejected", 0L),
        json.getLong("pollsSkipped", 0L),
        json.getLong("deliveryWaiting", 0L),
        json.getLong("deliverySpooled", 0L),
        json.getLong("deliveryDropped", 0L));
  }
}
