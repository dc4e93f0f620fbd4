package io.pistream.alerts;

import io.pistream.contracts.CameraState;
import io.pistream.contracts.CameraStatus;
import io.pistream.contracts.NodeHealth;
import io.pistream.contracts.Reading;
import io.pistream.contracts.SensorState;
import io.pistream.contracts.SensorStatus;
import io.pistream.contracts.StorageState;
import io.pistream.contracts.StorageStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/** Turns the observations into one verdict per subject of a rule: pure, so rules test without Vert.x. */
final class RuleEvaluator {

  static Map<Subject, Verdict> verdicts(AlertRule rule, Observations seen, long now) {
    Map<Subject, Verdict> verdicts = new LinkedHashMap<>();
    switch (rule.kind()) {
      case THRESHOLD -> {
        for (Reading reading : seen.readings()) {
          if (rule.selector().matches(reading.node(), reading.sensor())) {
            verdicts.put(new Subject(reading.node(), reading.sensor()), threshold(rule, rule.quantity().of(reading)));
          }
        }
      }
      case SENSOR_FAILING -> {
        for (SensorStatus status : seen.sensorStatuses()) {
          if (rule.selector().matches(status.node(), status.sensor())) {
            verdicts.put(new Subject(status.node(), status.sensor()), state(status.state() == SensorState.FAILING, status.state() == SensorState.OK));
          }
        }
      }
      case SENSOR_OFFLINE -> {
        for (SensorStatus status : seen.sensorStatuses()) {
          if (rule.selector().matches(status.node(), status.sensor())) {
            boolean nodeOffline = seen.nodeOffline(status.node(), now);
            verdicts.put(new Subject(status.node(), status.sensor()),
                state(status.state() == SensorState.OFFLINE || nodeOffline, status.state() == SensorState.OK && !nodeOffline));
          }
        }
      }
      case CAMERA_OFFLINE -> {
        for (CameraStatus status : seen.cameraStatuses()) {
          if (rule.selector().matches(status.node(), status.camera())) {
            boolean offline = status.state() == CameraState.FAILED || seen.nodeOffline(status.node(), now);
            verdicts.put(new Subject(status.node(), status.camera()), state(offline, !offline));
          }
        }
      }
      case NODE_OFFLINE -> {
        for (KnownNode node : seen.nodes()) {
          if (!node.id().equals(seen.selfNode()) && rule.selector().matchesNode(node.id())) {
            boolean offline = seen.nodeOffline(node.id(), now);
            verdicts.put(new Subject(node.id(), null), state(offline, !offline));
          }
        }
      }
      case STORAGE_FAILING -> {
        for (StorageStatus status : seen.storageStatuses()) {
          if (rule.selector().matchesNode(status.node())) {
            verdicts.put(new Subject(status.node(), null), state(status.state() == StorageState.FAILING, status.state() == StorageState.OK));
          }
        }
      }
      case DISK_ALMOST_FULL -> seen.diskFreePercents().forEach((node, free) -> {
        if (free >= 0 && rule.selector().matchesNode(node)) {
          verdicts.put(new Subject(node, null), diskFree(rule, free));
        }
      });
      case SOC_HOT -> {
        for (NodeHealth machine : seen.nodeHealths()) {
          if (machine.socTemperatureC() != null && rule.selector().matchesNode(machine.node())) {
            verdicts.put(new Subject(machine.node(), null), threshold(rule, machine.socTemperatureC()));
          }
        }
      }
      case UNDER_VOLTAGE -> {
        for (NodeHealth machine : seen.nodeHealths()) {
          if (machine.underVoltageNow() != null && rule.selector().matchesNode(machine.node())) {
            verdicts.put(new Subject(machine.node(), null), state(machine.underVoltageNow(), !machine.underVoltageNow()));
          }
        }
      }
      case THROTTLED -> {
        for (NodeHealth machine : seen.nodeHealths()) {
          if (machine.throttledNow() != null && rule.selector().matchesNode(machine.node())) {
            verdicts.put(new Subject(machine.node(), null), state(machine.throttledNow(), !machine.throttledNow()));
          }
        }
      }
    }
    return verdicts;
  }

  /** Past either line is bad; clear only once inside both lines by the hysteresis. */
  static Verdict threshold(AlertRule rule, double value) {
    boolean tooHigh = rule.above() != null && value > rule.above();
    boolean tooLow = rule.below() != null && value < rule.below();
    if (tooHigh || tooLow) {
      return Verdict.bad(value);
    }
    boolean clearHigh = rule.above() == null || value <= rule.above() - rule.hysteresis();
    boolean clearLow = rule.below() == null || value >= rule.below() + rule.hysteresis();
    return clearHigh && clearLow ? Verdict.good(value) : Verdict.between(value);
  }

  static Verdict diskFree(AlertRule rule, double freePercent) {
    if (freePercent < rule.freePercent()) {
      return Verdict.bad(freePercent);
    }
    return freePercent >= rule.freePercent() + rule.hysteresis() ? Verdict.good(freePercent) : Verdict.between(freePercent);
  }

  private static Verdict state(boolean bad, boolean good) {
    return bad ? Verdict.bad(null) : good ? Verdict.good(null) : Verdict.between(null);
  }

  private RuleEvaluator() {
  }
}
