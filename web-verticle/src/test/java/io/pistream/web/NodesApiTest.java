package io.pistream.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.NodeHealth;
import io.pistream.contracts.NodePresence;
import io.pistream.contracts.SensorInfo;
import io.pistream.contracts.SensorState;
import io.pistream.contracts.SensorStatus;
import io.pistream.testing.Eventually;
import io.pistream.testing.OkJson;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Deploys the web verticle and plays the other nodes' heartbeats and storage on the bus. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class NodesApiTest {

  /** Short beats so that silence is noticed within a test; a real node beats every 2 s. */
  private static final long BEAT_MS = 200;
  private static final Eventually EVENTUALLY = Eventually.within(Duration.ofSeconds(15)).every(Duration.ofMillis(50));

  private WebClient client;
  private int port;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    JsonObject config = new JsonObject()
        .put("host", "127.0.0.1")
        .put("port", 0)
        .put("node", new JsonObject().put("id", "hub").put("name", "hub"));
    WebVerticle verticle = new WebVerticle();
    client = WebClient.create(vertx);
    vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config)).onComplete(ctx.succeeding(id -> {
      port = verticle.actualPort();
      ctx.completeNow();
    }));
  }

  @Test
  void aNodeThatStopsBeatingIsOfflineWithItsSensorsAndComesBackWithItsNextBeat(Vertx vertx, VertxTestContext ctx) {
    NodePresence shed = new NodePresence("shed", "Garden shed", List.of("sensor", "camera"), "0.1.0", 1_000, BEAT_MS, false);
    vertx.eventBus().<JsonObject>consumer(Addresses.STORAGE_SENSORS, msg -> msg.reply(new JsonObject().put("sensors",
        new JsonArray().add(new SensorInfo("shed", "attic", "Attic", "Shed", 1, 2).toJson()))));
    vertx.eventBus().publish(Addresses.SENSOR_STATUS, new SensorStatus("shed", "attic", "Attic", "Shed", SensorState.OK, 1, 2, "", 5, 0, 0).toJson());
    vertx.eventBus().publish(Addresses.NODE_PRESENCE, shed.toJson());

    eventuallyGet(vertx, "/api/nodes", "shed online", body -> shedOf(body) != null && shedOf(body).getBoolean("online"))
        .compose(online -> {
          ctx.verify(() -> assertThat(shedOf(online))
              .isEqualTo(new JsonObject().put("node", "shed").put("name", "Garden shed").put("roles", new JsonArray().add("sensor").add("camera"))
                  .put("version", "0.1.0").put("started", 1_000L).put("lastSeen", shedOf(online).getLong("lastSeen")).put("online", true)));
          // Silence: no more beats.
          return eventuallyGet(vertx, "/api/nodes", "shed offline", body -> !shedOf(body).getBoolean("online"));
        })
        .compose(offline -> eventuallyGet(vertx, "/api/sensors", "the attic offline", body -> "offline".equals(attic(body).getString("state"))))
        .compose(sensorOffline -> {
          ctx.verify(() -> assertThat(attic(sensorOffline).getString("detail")).contains("node shed"));
          vertx.eventBus().publish(Addresses.NODE_PRESENCE, shed.toJson());
          return eventuallyGet(vertx, "/api/nodes", "shed online again", body -> shedOf(body).getBoolean("online"));
        })
        .compose(back -> eventuallyGet(vertx, "/api/sensors", "the attic ok again", body -> "ok".equals(attic(body).getString("state"))))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aNodeThatSaysItLeavesIsOfflineAtOnce(Vertx vertx, VertxTestContext ctx) {
    // A long period: only the leaving message can make it offline within the test.
    NodePresence shed = new NodePresence("shed", "", List.of("sensor"), "0.1.0", 1_000, 600_000, false);
    vertx.eventBus().publish(Addresses.NODE_PRESENCE, shed.toJson());
    eventuallyGet(vertx, "/api/nodes", "shed online", body -> shedOf(body) != null && shedOf(body).getBoolean("online"))
        .compose(online -> {
          vertx.eventBus().publish(Addresses.NODE_PRESENCE, shed.leavingNow().toJson());
          return eventuallyGet(vertx, "/api/nodes", "shed offline", body -> !shedOf(body).getBoolean("online"));
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void theNodeListIsAReadOnlyBusQueryToo(Vertx vertx, VertxTestContext ctx) {
    vertx.eventBus().publish(Addresses.NODE_PRESENCE, new NodePresence("shed", "", List.of("sensor"), "0.1.0", 1_000, 2_000, false).toJson());
    eventuallyGet(vertx, "/api/nodes", "shed", body -> shedOf(body) != null)
        .compose(listed -> vertx.eventBus().<JsonObject>request(Addresses.NODE_LIST, new JsonObject()))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          JsonObject shed = shedOf(reply.body());
          assertThat(shed.getString("name")).isEqualTo("shed");
          assertThat(shed.getBoolean("online")).isTrue();
          ctx.completeNow();
        })));
  }

  @Test
  void eachNodeCarriesItsLastMachineHealth(Vertx vertx, VertxTestContext ctx) {
    vertx.eventBus().publish(Addresses.NODE_PRESENCE, new NodePresence("shed", "", List.of("sensor"), "0.1.0", 1_000, 2_000, false).toJson());
    vertx.eventBus().publish(Addresses.NODE_HEALTH, new NodeHealth("shed", 5_000, 71.5, true, true, false, false, false, 10, 100).toJson());
    eventuallyGet(vertx, "/api/nodes", "shed's health", body -> shedOf(body) != null && shedOf(body).getJsonObject("health") != null)
        .onComplete(ctx.succeeding(body -> ctx.verify(() -> {
          JsonObject health = shedOf(body).getJsonObject("health");
          assertThat(health.getDouble("socTemperatureC")).isEqualTo(71.5);
          assertThat(health.getBoolean("underVoltageNow")).isTrue();
          assertThat(health.getLong("dataDirFreeBytes")).isEqualTo(10);
          assertThat(health.containsKey("node")).isFalse();
          ctx.completeNow();
        })));
  }

  private static JsonObject shedOf(JsonObject nodes) {
    return nodes.getJsonArray("nodes").stream().map(JsonObject.class::cast)
        .filter(n -> "shed".equals(n.getString("node"))).findFirst().orElse(null);
  }

  private static JsonObject attic(JsonObject sensors) {
    return sensors.getJsonArray("sensors").getJsonObject(0).getJsonObject("status");
  }

  /** The answer of the path once it shows what is awaited. */
  private Future<JsonObject> eventuallyGet(Vertx vertx, String path, String awaited, Predicate<JsonObject> shows) {
    return EVENTUALLY.until(vertx, "GET " + path + " to show " + awaited,
        () -> client.get(port, "127.0.0.1", path).send().compose(OkJson::body), shows);
  }
}
