package io.pistream.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.NodePresence;
import io.pistream.contracts.SensorInfo;
import io.pistream.contracts.SensorState;
import io.pistream.contracts.SensorStatus;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
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

    poll(vertx, "/api/nodes", body -> shedOf(body) != null && shedOf(body).getBoolean("online"))
        .compose(online -> {
          ctx.verify(() -> assertThat(shedOf(online))
              .isEqualTo(new JsonObject().put("node", "shed").put("name", "Garden shed").put("roles", new JsonArray().add("sensor").add("camera"))
                  .put("version", "0.1.0").put("started", 1_000L).put("lastSeen", shedOf(online).getLong("lastSeen")).put("online", true)));
          // Silence: no more beats.
          return poll(vertx, "/api/nodes", body -> !shedOf(body).getBoolean("online"));
        })
        .compose(offline -> poll(vertx, "/api/sensors", body -> "offline".equals(attic(body).getString("state"))))
        .compose(sensorOffline -> {
          ctx.verify(() -> assertThat(attic(sensorOffline).getString("detail")).contains("node shed"));
          vertx.eventBus().publish(Addresses.NODE_PRESENCE, shed.toJson());
          return poll(vertx, "/api/nodes", body -> shedOf(body).getBoolean("online"));
        })
        .compose(back -> poll(vertx, "/api/sensors", body -> "ok".equals(attic(body).getString("state"))))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aNodeThatSaysItLeavesIsOfflineAtOnce(Vertx vertx, VertxTestContext ctx) {
    // A long period: only the leaving message can make it offline within the test.
    NodePresence shed = new NodePresence("shed", "", List.of("sensor"), "0.1.0", 1_000, 600_000, false);
    vertx.eventBus().publish(Addresses.NODE_PRESENCE, shed.toJson());
    poll(vertx, "/api/nodes", body -> shedOf(body) != null && shedOf(body).getBoolean("online"))
        .compose(online -> {
          vertx.eventBus().publish(Addresses.NODE_PRESENCE, shed.leavingNow().toJson());
          return poll(vertx, "/api/nodes", body -> !shedOf(body).getBoolean("online"));
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void theNodeListIsAReadOnlyBusQueryToo(Vertx vertx, VertxTestContext ctx) {
    vertx.eventBus().publish(Addresses.NODE_PRESENCE, new NodePresence("shed", "", List.of("sensor"), "0.1.0", 1_000, 2_000, false).toJson());
    poll(vertx, "/api/nodes", body -> shedOf(body) != null)
        .compose(listed -> vertx.eventBus().<JsonObject>request(Addresses.NODE_LIST, new JsonObject()))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          JsonObject shed = shedOf(reply.body());
          assertThat(shed.getString("name")).isEqualTo("shed");
          assertThat(shed.getBoolean("online")).isTrue();
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

  /** Asks the path every 50 ms until the answer satisfies the condition; fails after 15 s. */
  private Future<JsonObject> poll(Vertx vertx, String path, Predicate<JsonObject> condition) {
    Promise<JsonObject> done = Promise.promise();
    long deadline = System.currentTimeMillis() + 15_000;
    vertx.setPeriodic(50, id -> client.get(port, "127.0.0.1", path).send().onComplete(result -> {
      if (done.future().isComplete()) {
        return;
      }
      if (result.succeeded() && result.result().statusCode() == 200 && condition.test(result.result().bodyAsJsonObject())) {
        vertx.cancelTimer(id);
        done.tryComplete(result.result().bodyAsJsonObject());
      } else if (System.currentTimeMillis() > deadline) {
        vertx.cancelTimer(id);
        done.tryFail("no answer of " + path + " satisfied the condition within 15 s; last: "
            + (result.succeeded() ? result.result().bodyAsString() : result.cause()));
      }
    }));
    return done.future();
  }
}
