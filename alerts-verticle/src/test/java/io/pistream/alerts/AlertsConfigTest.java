package io.pistream.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pistream.contracts.ConfigException;
import io.pistream.contracts.NodeIdentity;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class AlertsConfigTest {

  private static JsonObject withRules(JsonObject... rules) {
    return new JsonObject().put("rules", new JsonArray(java.util.List.of((Object[]) rules)));
  }

  @Test
  void defaults() {
    AlertsConfig config = AlertsConfig.from(new JsonObject());
    assertThat(config.dataDir()).isEqualTo(Path.of("./data"));
    assertThat(config.databaseFile(new NodeIdentity("hub", ""))).isEqualTo(Path.of("./data/alerts-hub.db"));
    assertThat(config.dashboardUrl()).isEmpty();
    assertThat(config.rules()).isEmpty();
    assertThat(config.queueMax()).isEqualTo(1000);
    assertThat(config.historyDays()).isEqualTo(90);
    assertThat(config.retry()).isEqualTo(new RetryBackoff(10_000, 600_000));
  }

  @Test
  void aRuleTakesItsDefaults() {
    AlertRule rule = AlertsConfig.from(withRules(new JsonObject().put("name", "hot").put("above", 30))).rules().get(0);
    assertThat(rule.kind()).isEqualTo(RuleKind.THRESHOLD);
    assertThat(rule.selector()).isEqualTo(SubjectSelector.ANY);
    assertThat(rule.quantity()).isEqualTo(Quantity.TEMPERATURE);
    assertThat(rule.below()).isNull();
    assertThat(rule.hysteresis()).isZero();
    assertThat(rule.forMillis()).isZero();
    assertThat(rule.repeatMillis()).isEqualTo(20 * 60_000);
    AlertRule disk = AlertsConfig.from(withRules(new JsonObject().put("name", "disk").put("when", "diskAlmostFull"))).rules().get(0);
    assertThat(disk.freePercent()).isEqualTo(10);
  }

  @Test
  void selectors() {
    AlertsConfig config = AlertsConfig.from(withRules(
        new JsonObject().put("name", "a").put("above", 1).put("sensor", "shed/floor"),
        new JsonObject().put("name", "b").put("when", "nodeOffline").put("node", "shed")));
    assertThat(config.rules().get(0).selector()).isEqualTo(new SubjectSelector("shed", "floor"));
    assertThat(config.rules().get(1).selector()).isEqualTo(new SubjectSelector("shed", null));
  }

  @Test
  void dashboardUrlLosesItsTrailingSlash() {
    assertThat(AlertsConfig.from(new JsonObject().put("dashboardUrl", "https://pi.local:8080/")).dashboardUrl())
        .isEqualTo("https://pi.local:8080");
  }

  @Test
  void errorsNameTheSetting() {
    JsonObject ok = new JsonObject().put("name", "ok").put("above", 30);
    assertError(withRules(ok, ok.copy().put("name", "ok2"), new JsonObject().put("name", "x").put("when", "x")),
        "alerts.rules[2].when: unknown kind 'x', expected one of threshold, sensorFailing, sensorOffline, cameraOffline, nodeOffline, "
            + "storageFailing, diskAlmostFull");
    assertError(withRules(new JsonObject().put("above", 30)), "alerts.rules[0].name is required");
    assertError(withRules(ok, ok), "alerts.rules[1].name: another rule is already named 'ok'");
    assertError(withRules(new JsonObject().put("name", "t")), "alerts.rules[0].above or alerts.rules[0].below is required");
    assertError(withRules(ok.copy().put("below", 40)), "alerts.rules[0].below must be less than alerts.rules[0].above");
    assertError(withRules(ok.copy().put("quantity", "pressure")), "alerts.rules[0].quantity: unknown quantity 'pressure'");
    assertError(withRules(ok.copy().put("sensor", "Bad Id")), "alerts.rules[0].sensor must be");
    assertError(withRules(ok.copy().put("camera", "cam0")), "alerts.rules[0].camera does not apply to threshold");
    assertError(withRules(ok.copy().put("abov", 3)), "alerts.rules[0].abov: unknown key");
    assertError(withRules(ok.copy().put("repeatMinutes", -1)), "alerts.rules[0].repeatMinutes must be between 0 and");
    assertError(withRules(ok.copy().put("hysteresis", "lots")), "alerts.rules[0].hysteresis must be a number, got 'lots'");
    assertError(withRules(new JsonObject().put("name", "n").put("when", "nodeOffline").put("node", "a/b")), "alerts.rules[0].node must be");
    assertError(withRules(new JsonObject().put("name", "n").put("when", "nodeOffline").put("above", 3)),
        "alerts.rules[0].above applies to threshold rules only");
    assertError(withRules(ok.copy().put("freePercent", 3)), "alerts.rules[0].freePercent applies to diskAlmostFull rules only");
    assertError(new JsonObject().put("rules", "none"), "alerts.rules must be a list");
    assertError(new JsonObject().put("queueMax", 0), "alerts.queueMax must be between 1");
    assertError(new JsonObject().put("dashboardUrl", "pi.local"), "alerts.dashboardUrl must start with http");
    assertError(new JsonObject().put("retry", new JsonObject().put("initialSeconds", 60).put("maxSeconds", 30)),
        "alerts.retry.maxSeconds must be at least alerts.retry.initialSeconds");
  }

  @Test
  void backoffDoublesUpToItsCap() {
    RetryBackoff backoff = new RetryBackoff(10_000, 600_000);
    assertThat(backoff.delayAfter(1)).isEqualTo(10_000);
    assertThat(backoff.delayAfter(2)).isEqualTo(20_000);
    assertThat(backoff.delayAfter(6)).isEqualTo(320_000);
    assertThat(backoff.delayAfter(7)).isEqualTo(600_000);
    assertThat(backoff.delayAfter(1000)).isEqualTo(600_000);
  }

  private static void assertError(JsonObject section, String messageStart) {
    assertThatThrownBy(() -> AlertsConfig.from(section)).isInstanceOf(ConfigException.class).hasMessageStartingWith(messageStart);
  }
}
