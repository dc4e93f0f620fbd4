package io.pistream.alerts;

import io.pistream.contracts.CameraStatus;
import io.pistream.contracts.NodeHealth;
import io.pistream.contracts.NodePresence;
import io.pistream.contracts.Reading;
import io.pistream.contracts.SensorKey;
import io.pistream.contracts.SensorStatus;
import io.pistream.contracts.StorageStatus;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The latest of everything the rules look at: each sensor's reading and status, each camera's and
 * storage node's status, and each node's presence. Rules are evaluated against this whole picture, so a
 * message of one kind (a node falling silent) can change the verdict of another rule (a sensor offline).
 */
final class Observations {

  private final String selfNode;
  private final Map<SensorKey, Reading> readings = new LinkedHashMap<>();
  private final Map<SensorKey, SensorStatus> sensors = new LinkedHashMap<>();
  private final Map<String, CameraStatus> cameras = new LinkedHashMap<>();
  private final Map<String, StorageStatus> storage = new LinkedHashMap<>();
  private final Map<String, KnownNode> nodes = new LinkedHashMap<>();
  private final Map<String, NodeHealth> health = new LinkedHashMap<>();

  Observations(String selfNode) {
    this.selfNode = selfNode;
  }

  String selfNode() {
    return selfNode;
  }

  void reading(Reading reading) {
    readings.put(reading.key(), reading);
  }

  void sensorStatus(SensorStatus status) {
    sensors.put(status.key(), status);
  }

  void cameraStatus(CameraStatus status) {
    cameras.put(status.node() + "/" + status.camera(), status);
  }

  void storageStatus(StorageStatus status) {
    storage.put(status.node(), status);
  }

  void nodeHealth(NodeHealth machine) {
    health.put(machine.node(), machine);
  }

  Collection<NodeHealth> nodeHealths() {
    return health.values();
  }

  /** Free space of a node's data dir: storage's own figure where the node runs storage, else its machine's. */
  Map<String, Double> diskFreePercents() {
    Map<String, Double> free = new LinkedHashMap<>();
    health.values().forEach(machine -> free.put(machine.node(), machine.dataDirFreePercent()));
    storage.values().forEach(status -> free.put(status.node(), status.diskFreePercent()));
    return free;
  }

  /** @return true when the node was not known before, or its name, roles or period changed (worth remembering) */
  boolean presence(NodePresence presence, long now) {
    KnownNode before = nodes.get(presence.node());
    KnownNode after = new KnownNode(presence.node(), presence.name(), presence.roles(), presence.everyMs(), now, presence.leaving());
    nodes.put(presence.node(), after);
    return before == null || !java.util.Objects.equals(before.name(), after.name()) || !before.roles().equals(after.roles())
        || before.everyMs() != after.everyMs();
  }

  /** A node from the state file: it counts as just heard, so it has its usual grace before it is offline. */
  void remember(KnownNode node) {
    nodes.putIfAbsent(node.id(), node);
  }

  Collection<Reading> readings() {
    return readings.values();
  }

  Collection<SensorStatus> sensorStatuses() {
    return sensors.values();
  }

  Collection<CameraStatus> cameraStatuses() {
    return cameras.values();
  }

  Collection<StorageStatus> storageStatuses() {
    return storage.values();
  }

  Collection<KnownNode> nodes() {
    return nodes.values();
  }

  /** This node is never offline to itself: it runs; and a node never heard cannot go offline. */
  boolean nodeOffline(String node, long now) {
    if (node.equals(selfNode)) {
      return false;
    }
    KnownNode known = nodes.get(node);
    return known != null && known.offline(now);
  }

  String nodeName(String node) {
    KnownNode known = nodes.get(node);
    return known == null ? node : known.displayName();
  }

  String sensorName(String node, String sensor) {
    SensorStatus status = sensors.get(new SensorKey(node, sensor));
    return status == null || status.name().isBlank() ? sensor : status.name();
  }

  String cameraName(String node, String camera) {
    CameraStatus status = cameras.get(node + "/" + camera);
    return status == null || status.name().isBlank() ? camera : status.name();
  }
}
