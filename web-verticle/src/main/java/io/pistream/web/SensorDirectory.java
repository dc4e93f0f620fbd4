package io.pistream.web;

import io.pistream.contracts.SensorInfo;
import io.pistream.contracts.SensorKey;
import io.pistream.contracts.SensorState;
import io.pistream.contracts.SensorStatus;
import io.vertx.core.json.JsonObject;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every sensor this web node knows of: the live statuses heard on the bus, merged on demand with the
 * list storage keeps. A sensor appears once it is in either, so a new sensor shows before its first
 * reading is stored and a sensor of a node that went away still shows its history.
 */
final class SensorDirectory {

  private static final Comparator<SensorKey> BY_NODE_THEN_SENSOR =
      Comparator.comparing(SensorKey::node).thenComparing(SensorKey::sensor);

  private record Heard(SensorStatus status, long heardAt) {
  }

  private final Map<SensorKey, Heard> live = new HashMap<>();
  private long labelChanges;

  void update(SensorStatus status, long heardAt) {
    Heard previous = live.put(status.key(), new Heard(status, heardAt));
    if (previous == null || !previous.status().name().equals(status.name())
        || !previous.status().location().equals(status.location())) {
      labelChanges++;
    }
  }

  /** Moves whenever a status brings a sensor not heard before or changes a name or location. */
  long labelChanges() {
    return labelChanges;
  }

  /**
   * One entry per sensor, ordered by node then sensor id: {@code node, sensor, name, location,
   * firstSeen, lastSeen} and {@code status} (null when no status was heard since this node started).
   * The status of a sensor whose node stopped beating is shown offline: its last status came from a node
   * that can no longer tell.
   */
  Map<SensorKey, JsonObject> merge(List<SensorInfo> stored, NodeDirectory nodes, long now) {
    Map<SensorKey, JsonObject> merged = new TreeMap<>(BY_NODE_THEN_SENSOR);
    for (SensorInfo info : stored) {
      merged.put(info.key(), info.toJson().put("status", null));
    }
    for (Map.Entry<SensorKey, Heard> entry : live.entrySet()) {
      SensorStatus status = entry.getValue().status();
      JsonObject sensor = merged.computeIfAbsent(entry.getKey(), key -> new SensorInfo(key.node(), key.sensor(), "", "", 0, 0).toJson());
      if (!status.name().isBlank()) {
        sensor.put("name", status.name());
      }
      if (!status.location().isBlank()) {
        sensor.put("location", status.location());
      }
      JsonObject live = liveStatus(status, entry.getValue().heardAt());
      if (nodes.isOffline(status.node(), now)) {
        live.put("state", SensorState.OFFLINE.wire())
            .put("since", nodes.lastHeard(status.node()))
            .put("detail", "node " + status.node() + " is not heard from");
      }
      sensor.put("status", live);
    }
    return merged;
  }

  private static JsonObject liveStatus(SensorStatus status, long heardAt) {
    return new JsonObject()
        .put("state", status.state().wire())
        .put("since", status.since())
        .put("detail", status.detail())
        .put("lastReadingTs", status.lastReadingTs())
        .put("readsOk", status.readsOk())
        .put("readsFailed", status.readsFailed())
        .put("readsRejected", status.readsRejected())
        .put("pollsSkipped", status.pollsSkipped())
        .put("deliveryWaiting", status.deliveryWaiting())
        .put("deliverySpooled", status.deliverySpooled())
        .put("deliveryDropped", status.deliveryDropped())
        .put("heardAt", heardAt);
  }
}
