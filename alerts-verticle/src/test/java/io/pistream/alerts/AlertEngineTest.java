package io.pistream.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.CameraState;
import io.pistream.contracts.CameraStatus;
import io.pistream.contracts.ConfigReader;
import io.pistream.contracts.NodeHealth;
import io.pistream.contracts.NodePresence;
import io.pistream.contracts.Reading;
import io.pistream.contracts.SensorState;
import io.pistream.contracts.SensorStatus;
import io.pistream.contracts.StorageState;
import io.pistream.contracts.StorageStatus;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The rules' semantics, without Vert.x: the time is whatever each call says. */
class AlertEngineTest {

  private static final long T0 = 1_750_000_000_000L;
  private static final long SECOND = 1000;
  private static final long MINUTE = 60 * SECOND;

  private final AtomicInteger ids = new AtomicInteger();
  private final Observations seen = new Observations("hub");

  private AlertEngine engine(JsonObject... rules) {
    List<AlertRule> parsed = new java.util.ArrayList<>();
    for (int i = 0; i < rules.length; i++) {
      parsed.add(AlertRule.from(new ConfigReader(rules[i], "alerts.rules[" + i + "]")));
    }
    return new AlertEngine(parsed, () -> "a" + ids.incrementAndGet());
  }

  private List<AlertChange> reading(AlertEngine engine, String node, String sensor, double temperature, long at) {
    seen.reading(new Reading(node, sensor, at, temperature, 50));
    return engine.evaluate(seen, at);
  }

  private static List<AlertChange.Type> types(List<AlertChange> changes) {
    return changes.stream().map(AlertChange::type).toList();
  }

  @Test
  void thresholdFiresOnceRepeatsAndResolvesOnlyPastTheHysteresis() {
    AlertEngine engine = engine(new JsonObject().put("name", "hot").put("above", 30).put("hysteresis", 0.5));
    assertThat(reading(engine, "hub", "ceiling", 29.9, T0)).isEmpty();
    List<AlertChange> fired = reading(engine, "hub", "ceiling", 31.2, T0 + SECOND);
    assertThat(types(fired)).containsExactly(AlertChange.Type.FIRED);
    Alert alert = fired.get(0).alert();
    assertThat(alert.subject()).isEqualTo("hub/ceiling");
    assertThat(alert.value()).isEqualTo(31.2);
    assertThat(alert.since()).isEqualTo(T0 + SECOND);

    assertThat(reading(engine, "hub", "ceiling", 31.5, T0 + 2 * SECOND)).as("no second fired").isEmpty();
    assertThat(reading(engine, "hub", "ceiling", 29.8, T0 + 3 * SECOND)).as("inside the line, not past the hysteresis").isEmpty();
    assertThat(reading(engine, "hub", "ceiling", 30.5, T0 + 4 * SECOND)).as("back out: still the same alert").isEmpty();

    List<AlertChange> repeated = engine.evaluate(seen, T0 + SECOND + 20 * MINUTE);
    assertThat(types(repeated)).containsExactly(AlertChange.Type.REPEATED);
    assertThat(repeated.get(0).alert().id()).isEqualTo(alert.id());
    assertThat(engine.evaluate(seen, T0 + SECOND + 39 * MINUTE)).as("at most every repeatMinutes").isEmpty();

    List<AlertChange> resolved = reading(engine, "hub", "ceiling", 29.5, T0 + 40 * MINUTE);
    assertThat(types(resolved)).containsExactly(AlertChange.Type.RESOLVED);
    assertThat(resolved.get(0).alert().id()).isEqualTo(alert.id());
    assertThat(resolved.get(0).alert().resolvedAt()).isEqualTo(T0 + 40 * MINUTE);
    assertThat(reading(engine, "hub", "ceiling", 29.0, T0 + 41 * MINUTE)).as("resolved once").isEmpty();
    assertThat(engine.active()).isEmpty();
  }

  @Test
  void thresholdNeedsTheConditionForForSecondsWithoutABreak() {
    AlertEngine engine = engine(new JsonObject().put("name", "cold").put("below", 5).put("forSeconds", 60).put("repeatMinutes", 0));
    assertThat(reading(engine, "hub", "ceiling", 4.0, T0)).isEmpty();
    assertThat(reading(engine, "hub", "ceiling", 5.5, T0 + 30 * SECOND)).as("a break restarts the wait").isEmpty();
    assertThat(reading(engine, "hub", "ceiling", 4.5, T0 + 40 * SECOND)).isEmpty();
    assertThat(engine.evaluate(seen, T0 + 99 * SECOND)).isEmpty();
    List<AlertChange> fired = engine.evaluate(seen, T0 + 100 * SECOND);
    assertThat(types(fired)).containsExactly(AlertChange.Type.FIRED);
    assertThat(fired.get(0).alert().since()).as("since the condition began").isEqualTo(T0 + 40 * SECOND);
    assertThat(engine.evaluate(seen, T0 + 1000 * MINUTE)).as("repeatMinutes 0: never again").isEmpty();
  }

  @Test
  void eachMatchingSensorIsItsOwnAlertAndSelectorsPickSensors() {
    AlertEngine engine = engine(
        new JsonObject().put("name", "any").put("above", 30),
        new JsonObject().put("name", "by-id").put("sensor", "ceiling").put("above", 30),
        new JsonObject().put("name", "by-node").put("sensor", "shed/ceiling").put("above", 30),
        new JsonObject().put("name", "humid").put("quantity", "humidity").put("above", 40));
    List<AlertChange> first = reading(engine, "hub", "ceiling", 31, T0);
    List<AlertChange> second = reading(engine, "shed", "ceiling", 31, T0 + SECOND);
    List<AlertChange> third = reading(engine, "shed", "floor", 31, T0 + 2 * SECOND);
    assertThat(first).extracting(c -> c.alert().rule() + "@" + c.alert().subject())
        .containsExactly("any@hub/ceiling", "by-id@hub/ceiling", "humid@hub/ceiling");
    assertThat(second).extracting(c -> c.alert().rule() + "@" + c.alert().subject())
        .containsExactly("any@shed/ceiling", "by-id@shed/ceiling", "by-node@shed/ceiling", "humid@shed/ceiling");
    assertThat(third).extracting(c -> c.alert().rule() + "@" + c.alert().subject()).containsExactly("any@shed/floor", "humid@shed/floor");
  }

  @Test
  void sensorFailingFiresOnFailingAndClearsOnlyOnOk() {
    AlertEngine engine = engine(new JsonObject().put("name", "failing").put("when", "sensorFailing"));
    seen.sensorStatus(status("hub", "ceiling", SensorState.FAILING));
    assertThat(types(engine.evaluate(seen, T0))).containsExactly(AlertChange.Type.FIRED);
    seen.sensorStatus(status("hub", "ceiling", SensorState.STARTING));
    assertThat(engine.evaluate(seen, T0 + SECOND)).isEmpty();
    seen.sensorStatus(status("hub", "ceiling", SensorState.OK));
    assertThat(types(engine.evaluate(seen, T0 + 2 * SECOND))).containsExactly(AlertChange.Type.RESOLVED);
  }

  @Test
  void sensorOfflineFiresWhenTheSensorOrItsNodeGoesSilent() {
    AlertEngine engine = engine(new JsonObject().put("name", "offline").put("when", "sensorOffline"));
    seen.presence(presence("shed", false), T0);
    seen.sensorStatus(status("shed", "floor", SensorState.OK));
    seen.sensorStatus(status("hub", "ceiling", SensorState.OFFLINE));
    List<AlertChange> fired = engine.evaluate(seen, T0);
    assertThat(fired).extracting(c -> c.alert().subject()).containsExactly("hub/ceiling");

    assertThat(engine.evaluate(seen, T0 + 6 * SECOND)).as("3 periods of 2 s not yet over").isEmpty();
    List<AlertChange> nodeGone = engine.evaluate(seen, T0 + 6 * SECOND + 1);
    assertThat(nodeGone).extracting(c -> c.type() + " " + c.alert().subject()).containsExactly("FIRED shed/floor");

    seen.presence(presence("shed", false), T0 + 10 * SECOND);
    assertThat(nodeGone.get(0).alert().firing()).isTrue();
    List<AlertChange> back = engine.evaluate(seen, T0 + 10 * SECOND);
    assertThat(back).extracting(c -> c.type() + " " + c.alert().subject()).containsExactly("RESOLVED shed/floor");
  }

  @Test
  void cameraOfflineOnFailedOrNodeLeaving() {
    AlertEngine engine = engine(new JsonObject().put("name", "cam").put("when", "cameraOffline").put("camera", "cam0"));
    seen.presence(presence("shed", false), T0);
    seen.cameraStatus(camera("shed", "cam0", CameraState.STREAMING));
    seen.cameraStatus(camera("hub", "cam1", CameraState.FAILED));
    assertThat(engine.evaluate(seen, T0)).as("cam1 is not selected").isEmpty();
    seen.cameraStatus(camera("shed", "cam0", CameraState.FAILED));
    assertThat(types(engine.evaluate(seen, T0 + SECOND))).containsExactly(AlertChange.Type.FIRED);
    seen.cameraStatus(camera("shed", "cam0", CameraState.IDLE));
    assertThat(types(engine.evaluate(seen, T0 + 2 * SECOND))).containsExactly(AlertChange.Type.RESOLVED);
    seen.presence(presence("shed", true), T0 + 3 * SECOND);
    assertThat(types(engine.evaluate(seen, T0 + 3 * SECOND))).as("its node leaves").containsExactly(AlertChange.Type.FIRED);
  }

  @Test
  void nodeOfflineOnlyForNodesHeardAndNeverForItself() {
    AlertEngine engine = engine(new JsonObject().put("name", "nodes").put("when", "nodeOffline").put("forSeconds", 10));
    assertThat(engine.evaluate(seen, T0 + 3600 * SECOND)).as("a node never heard cannot be offline").isEmpty();
    seen.presence(presence("shed", false), T0);
    seen.presence(presence("hub", true), T0);
    assertThat(engine.evaluate(seen, T0 + 7 * SECOND)).as("pending for forSeconds").isEmpty();
    List<AlertChange> fired = engine.evaluate(seen, T0 + 17 * SECOND);
    assertThat(fired).extracting(c -> c.type() + " " + c.alert().subject()).containsExactly("FIRED shed");
    assertThat(fired.get(0).alert().since()).isEqualTo(T0 + 7 * SECOND);
    seen.presence(presence("shed", false), T0 + 20 * SECOND);
    assertThat(types(engine.evaluate(seen, T0 + 20 * SECOND))).containsExactly(AlertChange.Type.RESOLVED);
  }

  @Test
  void storageFailingAndDiskAlmostFullWithHysteresisInPercentPoints() {
    AlertEngine engine = engine(
        new JsonObject().put("name", "storage").put("when", "storageFailing"),
        new JsonObject().put("name", "disk").put("when", "diskAlmostFull").put("node", "hub").put("freePercent", 10).put("hysteresis", 2));
    seen.storageStatus(storage("hub", StorageState.OK, -1, -1));
    assertThat(engine.evaluate(seen, T0)).as("unknown free space is ignored").isEmpty();
    seen.storageStatus(storage("hub", StorageState.FAILING, 9, 100));
    assertThat(engine.evaluate(seen, T0 + SECOND)).extracting(c -> c.type() + " " + c.alert().rule() + " " + c.alert().value())
        .containsExactly("FIRED storage null", "FIRED disk 9.0");
    seen.storageStatus(storage("hub", StorageState.OK, 11, 100));
    assertThat(engine.evaluate(seen, T0 + 2 * SECOND)).extracting(c -> c.type() + " " + c.alert().rule())
        .as("11% is within the 2 points of hysteresis").containsExactly("RESOLVED storage");
    seen.storageStatus(storage("hub", StorageState.OK, 12, 100));
    assertThat(engine.evaluate(seen, T0 + 3 * SECOND)).extracting(c -> c.type() + " " + c.alert().rule() + " " + c.alert().value())
        .containsExactly("RESOLVED disk 12.0");
    seen.storageStatus(storage("shed", StorageState.OK, 1, 100));
    assertThat(engine.evaluate(seen, T0 + 4 * SECOND)).as("another storage node than the one selected").isEmpty();
  }

  @Test
  void aSensorNodeWithoutStorageGetsDiskAlmostFullFromItsMachinesHealthAndStoragesOwnFigureWins() {
    AlertEngine engine = engine(new JsonObject().put("name", "disk").put("when", "diskAlmostFull").put("freePercent", 10));
    seen.nodeHealth(health("shed", null, null, null, 5, 100));
    assertThat(engine.evaluate(seen, T0)).extracting(c -> c.type() + " " + c.alert().subject() + " " + c.alert().value())
        .containsExactly("FIRED shed 5.0");
    seen.nodeHealth(health("hub", null, null, null, 5, 100));
    seen.storageStatus(storage("hub", StorageState.OK, 50, 100));
    assertThat(engine.evaluate(seen, T0 + SECOND)).as("the hub's storage reports 50% free").isEmpty();
  }

  @Test
  void socHotUnderVoltageAndThrottledFollowTheMachinesHealthAndIgnoreWhatItDoesNotHave() {
    AlertEngine engine = engine(
        new JsonObject().put("name", "hot soc").put("when", "socHot").put("hysteresis", 5),
        new JsonObject().put("name", "power").put("when", "underVoltage"),
        new JsonObject().put("name", "slow").put("when", "throttled").put("node", "pi"));
    seen.nodeHealth(health("laptop", null, null, null, -1, -1));
    assertThat(engine.evaluate(seen, T0)).as("a machine without the readings").isEmpty();
    seen.nodeHealth(health("pi", 81.0, true, true, 50, 100));
    assertThat(engine.evaluate(seen, T0 + SECOND)).extracting(c -> c.type() + " " + c.alert().rule() + " " + c.alert().value())
        .as("socHot defaults to above 80 C").containsExactly("FIRED hot soc 81.0", "FIRED power null", "FIRED slow null");
    seen.nodeHealth(health("pi", 77.0, false, true, 50, 100));
    assertThat(engine.evaluate(seen, T0 + 2 * SECOND)).extracting(c -> c.type() + " " + c.alert().rule())
        .as("77 C is within the 5 C of hysteresis").containsExactly("RESOLVED power");
    seen.nodeHealth(health("pi", 74.0, false, false, 50, 100));
    assertThat(engine.evaluate(seen, T0 + 3 * SECOND)).extracting(c -> c.type() + " " + c.alert().rule())
        .containsExactly("RESOLVED hot soc", "RESOLVED slow");
  }

  @Test
  void socHotTakesItsOwnLineAndRefusesThresholdOnlyKeys() {
    AlertEngine engine = engine(new JsonObject().put("name", "warm soc").put("when", "socHot").put("above", 60));
    seen.nodeHealth(health("pi", 61.0, false, false, 50, 100));
    assertThat(types(engine.evaluate(seen, T0))).containsExactly(AlertChange.Type.FIRED);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine(new JsonObject().put("name", "x").put("when", "socHot").put("below", 5)))
        .isInstanceOf(io.pistream.contracts.ConfigException.class).hasMessageContaining("alerts.rules[0].below applies to threshold rules only");
  }

  @Test
  void restoredAlertStaysFiringRepeatsOnItsOldScheduleAndResolvesOnce() {
    AlertEngine before = engine(new JsonObject().put("name", "hot").put("above", 30));
    Alert alert = reading(before, "hub", "ceiling", 31, T0).get(0).alert();

    Observations fresh = new Observations("hub");
    AlertEngine after = engine(new JsonObject().put("name", "hot").put("above", 30));
    assertThat(after.restore(List.of(alert))).isEmpty();
    assertThat(after.evaluate(fresh, T0 + 5 * MINUTE)).as("nothing known about the sensor yet: no change").isEmpty();
    fresh.reading(new Reading("hub", "ceiling", T0 + 6 * MINUTE, 32, 50));
    assertThat(after.evaluate(fresh, T0 + 6 * MINUTE)).as("no second fired").isEmpty();
    assertThat(types(after.evaluate(fresh, T0 + 20 * MINUTE))).containsExactly(AlertChange.Type.REPEATED);
    fresh.reading(new Reading("hub", "ceiling", T0 + 21 * MINUTE, 25, 50));
    List<AlertChange> resolved = after.evaluate(fresh, T0 + 21 * MINUTE);
    assertThat(resolved).extracting(c -> c.type() + " " + c.alert().id()).containsExactly("RESOLVED " + alert.id());
  }

  @Test
  void aRestoredAlertWhoseRuleIsGoneIsHandedBack() {
    Alert alert = new Alert("x", "removed", "threshold", "hub", "hub/ceiling", T0, T0, 31.0, T0, 0);
    Alert kindChanged = new Alert("y", "hot", "sensorFailing", "hub", "hub/ceiling", T0, T0, null, T0, 0);
    AlertEngine engine = engine(new JsonObject().put("name", "hot").put("above", 30));
    assertThat(engine.restore(List.of(alert, kindChanged))).containsExactly(alert, kindChanged);
    assertThat(engine.active()).isEmpty();
  }

  static SensorStatus status(String node, String sensor, SensorState state) {
    return new SensorStatus(node, sensor, "", "", state, T0, T0, "", 0, 0, 0);
  }

  static CameraStatus camera(String node, String camera, CameraState state) {
    return new CameraStatus(node, camera, "", state, "", "high", List.of("high"), 1920, 1080, 24, 5, 0, 0, T0);
  }

  static StorageStatus storage(String node, StorageState state, long free, long total) {
    return new StorageStatus(node, state, "", T0, T0, 0, 0, 0, 0, 0, free, total);
  }

  static NodeHealth health(String node, Double socC, Boolean underVoltage, Boolean throttled, long free, long total) {
    return new NodeHealth(node, T0, socC, underVoltage, underVoltage, throttled, throttled, false, free, total);
  }

  static NodePresence presence(String node, boolean leaving) {
    return new NodePresence(node, "", List.of("sensor"), "test", T0, 2000, leaving);
  }
}
