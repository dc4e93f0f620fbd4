package io.pistream.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.ConfigReader;
import io.pistream.contracts.NodePresence;
import io.pistream.contracts.SensorState;
import io.pistream.contracts.SensorStatus;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertTextsTest {

  private static final long FIRED = Instant.parse("2025-07-01T12:00:00Z").toEpochMilli();

  private final AlertRule hot = AlertRule.from(new ConfigReader(new JsonObject().put("name", "room-hot").put("above", 30)
      .put("hysteresis", 0.5), "alerts.rules[0]"));
  private final AlertRule nodes = AlertRule.from(new ConfigReader(new JsonObject().put("name", "nodes").put("when", "nodeOffline"),
      "alerts.rules[1]"));
  private final Observations seen = new Observations("hub");

  private AlertTexts texts(String dashboardUrl) {
    return new AlertTexts(Map.of(hot.name(), hot, nodes.name(), nodes), dashboardUrl, ZoneId.of("Europe/Berlin"));
  }

  private final Alert alert = new Alert("a1", "room-hot", "threshold", "hub", "hub/ceiling", FIRED - 120_000, FIRED, 31.24, FIRED, 0);

  @Test
  void firedSaysWhatWhereTheValueTheLineAndSinceWhen() {
    seen.sensorStatus(new SensorStatus("hub", "ceiling", "Ceiling", "Living room", SensorState.OK, 0, 0, "", 0, 0, 0));
    seen.presence(new NodePresence("hub", "Hub Pi", List.of("sensor"), "1", 0, 2000, false), 0);
    Notification n = texts("https://pi.local").notification(new AlertChange(AlertChange.Type.FIRED, alert, FIRED), seen, "n1");
    assertThat(n.title()).isEqualTo("Alert: room-hot: sensor Ceiling (hub/ceiling) on Hub Pi (hub): temperature 31.2 C, above 30 C");
    assertThat(n.body()).isEqualTo("""
        Alert: room-hot (threshold, temperature)
        What: temperature 31.2 C, above 30 C
        Where: sensor Ceiling (hub/ceiling) on Hub Pi (hub)
        Since: 2025-07-01T13:58:00+02:00 (2 min)
        History: https://pi.local/history?sensor=hub/ceiling&from=2025-07-01T05:58:00Z&to=2025-07-01T13:00:00Z""");
    assertThat(n.link()).isEqualTo("https://pi.local/history?sensor=hub/ceiling&from=2025-07-01T05:58:00Z&to=2025-07-01T13:00:00Z");
    assertThat(n.event().message()).isEqualTo("room-hot: sensor Ceiling (hub/ceiling) on Hub Pi (hub): temperature 31.2 C, above 30 C");
    assertThat(n.event().firing()).isTrue();
    assertThat(n.event().value()).isEqualTo(31.24);
  }

  @Test
  void resolvedSaysHowLongItLastedAndWithoutADashboardNoLink() {
    Alert resolved = alert.resolvedAt(FIRED + 3_900_000, 29.4);
    Notification n = texts("").notification(new AlertChange(AlertChange.Type.RESOLVED, resolved, FIRED + 3_900_000), seen, "n2");
    assertThat(n.title()).isEqualTo("Resolved: room-hot: sensor hub/ceiling on hub: temperature 29.4 C, back in range");
    assertThat(n.body()).contains("Resolved: 2025-07-01T15:05:00+02:00 (lasted 1 h 7 min)").doesNotContain("History");
    assertThat(n.link()).isEmpty();
    assertThat(n.event().state()).isEqualTo("resolved");
    assertThat(n.event().resolvedAt()).isEqualTo(FIRED + 3_900_000);
  }

  @Test
  void machineAlertsSayWhichMachineAndWhat() {
    AlertRule soc = AlertRule.from(new ConfigReader(new JsonObject().put("name", "soc").put("when", "socHot"), "alerts.rules[2]"));
    AlertRule power = AlertRule.from(new ConfigReader(new JsonObject().put("name", "power").put("when", "underVoltage"), "alerts.rules[3]"));
    AlertTexts texts = new AlertTexts(Map.of(soc.name(), soc, power.name(), power), "", ZoneId.of("UTC"));
    Alert hotSoc = new Alert("a3", "soc", "socHot", "shed", "shed", FIRED, FIRED, 82.46, FIRED, 0);
    assertThat(texts.notification(new AlertChange(AlertChange.Type.FIRED, hotSoc, FIRED), seen, "n4").title())
        .isEqualTo("Alert: soc: machine on shed: SoC at 82.5 C, above 80 C");
    Alert weak = new Alert("a4", "power", "underVoltage", "shed", "shed", FIRED, FIRED, null, FIRED, 0);
    assertThat(texts.notification(new AlertChange(AlertChange.Type.RESOLVED, weak.resolvedAt(FIRED + 60_000, null), FIRED + 60_000), seen, "n5")
        .title()).isEqualTo("Resolved: power: machine on shed: supply voltage normal again");
  }

  @Test
  void aNodeAlertLinksWithoutASensor() {
    Alert node = new Alert("a2", "nodes", "nodeOffline", "shed", "shed", FIRED, FIRED, null, FIRED, 0);
    Notification n = texts("http://hub:8080").notification(new AlertChange(AlertChange.Type.REPEATED, node, FIRED + 1_200_000), seen, "n3");
    assertThat(n.title()).isEqualTo("Still firing: nodes: node shed: offline (not heard)");
    assertThat(n.link()).isEqualTo("http://hub:8080/history?from=2025-07-01T06:00:00Z&to=2025-07-01T13:20:00Z");
    assertThat(n.body()).contains("Since: 2025-07-01T14:00:00+02:00 (20 min)");
  }

  @Test
  void durations() {
    assertThat(AlertTexts.duration(59_000)).isEqualTo("59 s");
    assertThat(AlertTexts.duration(3_600_000)).isEqualTo("1 h");
    assertThat(AlertTexts.duration(3 * 86_400_000L + 3_600_000)).isEqualTo("3 d 1 h");
    assertThat(AlertTexts.number(29.5)).isEqualTo("29.5");
  }
}
