package io.pistream.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pistream.alerts.channels.AlertMessage;
import io.pistream.contracts.Addresses;
import io.pistream.contracts.ConfigException;
import io.pistream.contracts.NodePresence;
import io.pistream.contracts.Reading;
import io.pistream.testing.BusRecorder;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verticle as its peers see it: readings and presence published on the bus, alerts on
 * {@link Addresses#ALERTS}, notifications through a recording channel; time moved by hand.
 */
@ExtendWith(VertxExtension.class)
class AlertsVerticleTest {

  private static final Instant T0 = Instant.parse("2025-07-01T12:00:00Z");

  @TempDir
  Path dataDir;

  private final MutableClock clock = new MutableClock(T0);

  private JsonObject config(String node, JsonObject extra, JsonObject... rules) {
    return new JsonObject()
        .put("dataDir", dataDir.toString())
        .put("dashboardUrl", "http://hub.local:8080")
        .put("rules", new JsonArray(List.of((Object[]) rules)))
        .put("node", new JsonObject().put("id", node).put("name", ""))
        .mergeIn(extra);
  }

  private static JsonObject hotRule() {
    return new JsonObject().put("name", "room-hot").put("above", 30).put("hysteresis", 0.5);
  }

  private AlertsVerticle verticle(FakeChannel channel) {
    return new AlertsVerticle(clock, false, (vertx, section) -> List.of(channel));
  }

  private static String deploy(Vertx vertx, AlertsVerticle verticle, JsonObject config) throws Exception {
    return await(vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config)));
  }

  private void reading(Vertx vertx, String sensor, double temperature) {
    vertx.eventBus().publish(Addresses.SENSOR_READINGS, new Reading("hub", sensor, clock.millis(), temperature, 40).toJson());
  }

  private static JsonObject list(Vertx vertx) throws Exception {
    return await(vertx.eventBus().<JsonObject>request(Addresses.ALERTS_LIST, new JsonObject())).body();
  }

  private static <T> T await(Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  private static long titled(FakeChannel channel, String start) {
    return channel.sent().stream().filter(m -> m.title().startsWith(start)).count();
  }

  @Test
  void firesRepeatsAndResolvesOnTheBusAndThroughTheChannel(Vertx vertx) throws Exception {
    FakeChannel mail = new FakeChannel("email");
    AlertsVerticle alerts = verticle(mail);
    deploy(vertx, alerts, config("hub", new JsonObject(), hotRule()));
    BusRecorder<JsonObject> events = await(BusRecorder.on(vertx, Addresses.ALERTS));

    reading(vertx, "ceiling", 31.2);
    JsonObject fired = await(events.next(e -> e.getString("state").equals("firing")));
    assertThat(fired.getString("subject")).isEqualTo("hub/ceiling");
    assertThat(fired.getString("message")).isEqualTo("room-hot: sensor hub/ceiling on hub: temperature 31.2 C, above 30 C");
    AlertMessage firedMail = await(mail.next(m -> m.title().startsWith("Alert:")));
    assertThat(firedMail.delayed()).isFalse();
    assertThat(firedMail.link()).isEqualTo("http://hub.local:8080/history?sensor=hub/ceiling&from=2025-07-01T06:00:00Z&to=2025-07-01T13:00:00Z");

    JsonObject listed = list(vertx);
    assertThat(listed.getJsonArray("active")).hasSize(1);
    assertThat(listed.getJsonArray("active").getJsonObject(0).getString("id")).isEqualTo(fired.getString("id"));
    assertThat(listed.getJsonArray("recent")).isEmpty();
    assertThat(listed.getJsonObject("deliveries").getLong("sent")).isEqualTo(1);

    clock.advance(Duration.ofMinutes(19));
    await(alerts.tickNow());
    assertThat(titled(mail, "Still firing")).isZero();
    clock.advance(Duration.ofMinutes(1));
    await(alerts.tickNow());
    await(mail.next(m -> m.title().startsWith("Still firing:")));
    JsonObject repeated = await(events.next(e -> true));
    assertThat(repeated.getString("id")).isEqualTo(fired.getString("id"));
    assertThat(repeated.getString("state")).isEqualTo("firing");

    reading(vertx, "ceiling", 29.8);
    reading(vertx, "ceiling", 29.4);
    JsonObject resolved = await(events.next(e -> e.getString("state").equals("resolved")));
    assertThat(resolved.getString("id")).isEqualTo(fired.getString("id"));
    assertThat(await(mail.next(m -> m.resolved())).body()).contains("lasted 20 min");

    listed = list(vertx);
    assertThat(listed.getJsonArray("active")).isEmpty();
    assertThat(listed.getJsonArray("recent")).hasSize(1);
    assertThat(listed.getJsonArray("recent").getJsonObject(0).getString("state")).isEqualTo("resolved");
    assertThat(listed.getJsonObject("deliveries").getLong("sent")).isEqualTo(3);
  }

  @Test
  void restartInTheMiddleOfAnActiveAlert(Vertx vertx) throws Exception {
    FakeChannel mail = new FakeChannel("email");
    AlertsVerticle first = verticle(mail);
    String id = deploy(vertx, first, config("hub", new JsonObject(), hotRule()));
    reading(vertx, "ceiling", 31);
    await(mail.next(m -> m.title().startsWith("Alert:")));
    await(first.tickNow());
    clock.advance(Duration.ofMinutes(5));
    await(vertx.undeploy(id));

    AlertsVerticle second = verticle(mail);
    deploy(vertx, second, config("hub", new JsonObject(), hotRule()));
    assertThat(list(vertx).getJsonArray("active")).as("still firing after the restart").hasSize(1);
    reading(vertx, "ceiling", 31.5);
    clock.advance(Duration.ofMinutes(14));
    await(second.tickNow());
    assertThat(titled(mail, "Alert:")).as("no second fired").isEqualTo(1);
    assertThat(titled(mail, "Still firing")).as("19 min after firing").isZero();

    clock.advance(Duration.ofMinutes(1));
    await(second.tickNow());
    await(mail.next(m -> m.title().startsWith("Still firing:")));

    reading(vertx, "ceiling", 25);
    reading(vertx, "ceiling", 24);
    await(mail.next(AlertMessage::resolved));
    await(second.tickNow());
    assertThat(mail.sent()).extracting(m -> m.title().substring(0, m.title().indexOf(':')))
        .containsExactly("Alert", "Still firing", "Resolved");
    assertThat(list(vertx).getJsonArray("recent")).hasSize(1);
  }

  @Test
  void aFailingChannelKeepsTheMessageAcrossARestartAndSendsItMarkedDelayed(Vertx vertx) throws Exception {
    FakeChannel mail = new FakeChannel("email");
    mail.failing(true);
    AlertsVerticle first = verticle(mail);
    String id = deploy(vertx, first, config("hub", new JsonObject(), hotRule()));
    reading(vertx, "ceiling", 31);
    await(first.tickNow());
    JsonObject deliveries = await(first.deliveries());
    assertThat(deliveries.getLong("pending")).isEqualTo(1);
    assertThat(deliveries.getLong("failedAttempts")).isEqualTo(1);
    assertThat(deliveries.getJsonObject("channels").getJsonObject("email").getString("lastError")).contains("connection refused");

    clock.advance(Duration.ofSeconds(5));
    await(first.tickNow());
    assertThat(mail.attempts()).as("backing off: no attempt before 10 s").isEqualTo(1);
    clock.advance(Duration.ofSeconds(5));
    await(first.tickNow());
    assertThat(mail.attempts()).isEqualTo(2);
    await(vertx.undeploy(id));

    clock.advance(Duration.ofMinutes(30));
    mail.failing(false);
    AlertsVerticle second = verticle(mail);
    deploy(vertx, second, config("hub", new JsonObject(), hotRule()));
    await(second.tickNow());
    AlertMessage late = await(mail.next(m -> m.title().startsWith("Alert:")));
    assertThat(late.delayed()).isTrue();
    assertThat(late.title()).endsWith("(delayed)");
    assertThat(late.body()).endsWith("Delayed: fired at 2025-07-01T12:00:00Z (sent 30 min late)");
    assertThat(mail.sent().get(0)).as("the oldest first").isEqualTo(late);
  }

  @Test
  void theQueueIsBoundedDroppingTheOldestAndCounting(Vertx vertx) throws Exception {
    FakeChannel mail = new FakeChannel("email");
    mail.failing(true);
    AlertsVerticle alerts = verticle(mail);
    deploy(vertx, alerts, config("hub", new JsonObject().put("queueMax", 2), hotRule()));
    reading(vertx, "a", 31);
    reading(vertx, "b", 31);
    reading(vertx, "c", 31);
    await(alerts.tickNow());
    JsonObject deliveries = list(vertx).getJsonObject("deliveries");
    assertThat(deliveries.getLong("pending")).isEqualTo(2);
    assertThat(deliveries.getLong("dropped")).isEqualTo(1);
    assertThat(deliveries.getJsonObject("channels").getJsonObject("email").getLong("dropped")).isEqualTo(1);

    mail.failing(false);
    clock.advance(Duration.ofSeconds(10));
    await(alerts.tickNow());
    await(mail.next(m -> m.event().subject().equals("hub/c")));
    assertThat(mail.sent()).extracting(m -> m.event().subject()).containsExactly("hub/b", "hub/c");
  }

  @Test
  void anInvalidSectionFailsTheDeploymentNamingTheSetting(Vertx vertx) {
    JsonObject bad = config("hub", new JsonObject(), hotRule(), new JsonObject().put("name", "x").put("when", "x"));
    assertThatThrownBy(() -> deploy(vertx, verticle(new FakeChannel("email")), bad))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("alerts.rules[1].when: unknown kind 'x', expected one of threshold,");
  }

  @Test
  void aRememberedNodeThatNeverComesBackGoesOfflineAfterARestart(Vertx vertx) throws Exception {
    FakeChannel mail = new FakeChannel("email");
    JsonObject rule = new JsonObject().put("name", "nodes").put("when", "nodeOffline");
    AlertsVerticle first = verticle(mail);
    String id = deploy(vertx, first, config("hub", new JsonObject(), rule));
    vertx.eventBus().publish(Addresses.NODE_PRESENCE, presence("shed", List.of("sensor"), false));
    await(first.tickNow());
    await(vertx.undeploy(id));

    AlertsVerticle second = verticle(mail);
    deploy(vertx, second, config("hub", new JsonObject(), rule));
    clock.advance(Duration.ofSeconds(6));
    await(second.tickNow());
    assertThat(mail.sent()).as("3 periods of grace after the start").isEmpty();
    clock.advance(Duration.ofSeconds(1));
    await(second.tickNow());
    assertThat(await(mail.next(m -> true)).title()).isEqualTo("Alert: nodes: node shed: offline (not heard)");
  }

  @Test
  void onlyTheLowestAlertsNodeSendsAndTheStandbyTakesOver(Vertx vertx) throws Exception {
    FakeChannel mailA = new FakeChannel("email");
    FakeChannel mailB = new FakeChannel("email");
    AlertsVerticle a = verticle(mailA);
    AlertsVerticle b = verticle(mailB);
    String idA = deploy(vertx, a, config("node-a", new JsonObject(), hotRule()));
    deploy(vertx, b, config("node-b", new JsonObject(), hotRule()));
    BusRecorder<JsonObject> events = await(BusRecorder.on(vertx, Addresses.ALERTS));
    vertx.eventBus().publish(Addresses.NODE_PRESENCE, presence("node-a", List.of("alerts", "web"), false));
    vertx.eventBus().publish(Addresses.NODE_PRESENCE, presence("node-b", List.of("alerts"), false));
    await(a.tickNow());
    await(b.tickNow());

    reading(vertx, "ceiling", 31);
    await(mailA.next(m -> m.title().startsWith("Alert:")));
    await(a.tickNow());
    await(b.tickNow());
    assertThat(mailB.sent()).as("the standby sends nothing").isEmpty();
    assertThat(await(b.deliveries()).getBoolean("sending")).isFalse();
    assertThat(events.all()).as("one event, from the active node").hasSize(1);
    for (int i = 0; i < 4; i++) {
      // Round robin would reach a second consumer: only the active node answers.
      assertThat(list(vertx).getJsonObject("deliveries").getBoolean("sending")).isTrue();
    }

    await(vertx.undeploy(idA));
    vertx.eventBus().publish(Addresses.NODE_PRESENCE, presence("node-a", List.of("alerts", "web"), true));
    await(b.tickNow());
    assertThat(await(b.deliveries()).getBoolean("sending")).isTrue();
    assertThat(list(vertx).getJsonArray("active")).as("the standby kept the alert it saw fire").hasSize(1);

    reading(vertx, "ceiling", 25);
    AlertMessage resolved = await(mailB.next(AlertMessage::resolved));
    assertThat(resolved.event().subject()).isEqualTo("hub/ceiling");
    assertThat(mailB.sent()).as("no fired from the node taking over").hasSize(1);
  }

  private JsonObject presence(String node, List<String> roles, boolean leaving) {
    return new NodePresence(node, "", roles, "test", clock.millis(), 2000, leaving).toJson();
  }
}
