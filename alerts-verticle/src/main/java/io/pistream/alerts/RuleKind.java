package io.pistream.alerts;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** What a rule watches, named as in {@code alerts.rules[].when}, and which key selects its subjects. */
enum RuleKind {
  THRESHOLD("threshold", "sensor"),
  SENSOR_FAILING("sensorFailing", "sensor"),
  SENSOR_OFFLINE("sensorOffline", "sensor"),
  CAMERA_OFFLINE("cameraOffline", "camera"),
  NODE_OFFLINE("nodeOffline", "node"),
  STORAGE_FAILING("storageFailing", "node"),
  DISK_ALMOST_FULL("diskAlmostFull", "node"),
  SOC_HOT("socHot", "node"),
  UNDER_VOLTAGE("underVoltage", "node"),
  THROTTLED("throttled", "node");

  /** The name in the config file and in {@code AlertEvent.when}. */
  final String wire;

  /** The rule key that names the subjects: {@code sensor}, {@code camera} or {@code node}. */
  final String selectorKey;

  RuleKind(String wire, String selectorKey) {
    this.wire = wire;
    this.selectorKey = selectorKey;
  }

  static Optional<RuleKind> fromWire(String wire) {
    return Arrays.stream(values()).filter(kind -> kind.wire.equals(wire)).findFirst();
  }

  static List<String> wires() {
    return Arrays.stream(values()).map(kind -> kind.wire).toList();
  }

  /** Sensor and camera subjects are {@code node/id}; node and storage subjects are a node id. */
  boolean selectsWithinNode() {
    return !selectorKey.equals("node");
  }
}
