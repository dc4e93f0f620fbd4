package io.pistream.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.Reading;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The TCP bridge as a program in another language meets it: frames of a 4-byte big-endian length and a
 * JSON object, written and parsed here by hand rather than with a Vert.x client.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class TcpBridgeTest {

  private int bridgePort;
  private NetClient client;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) throws IOException {
    try (ServerSocket probe = new ServerSocket(0)) {
      bridgePort = probe.getLocalPort();
    }
    JsonObject config = new JsonObject()
        .put("host", "127.0.0.1")
        .put("port", 0)
        .put("tcpBridge", new JsonObject().put("enabled", true).put("host", "127.0.0.1").put("port", bridgePort))
        .put("node", new JsonObject().put("id", "hub").put("name", "hub"));
    client = vertx.createNetClient();
    vertx.deployVerticle(new WebVerticle(), new DeploymentOptions().setConfig(config)).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aRegisteredClientReceivesReadingsAndMayAskTheNodeList(Vertx vertx, VertxTestContext ctx) {
    Reading reading = new Reading("shed", "attic", 1_764_064_800_000L, 12.5, 80.0);
    Checkpoint answered = ctx.checkpoint();
    Checkpoint received = ctx.checkpoint();
    connect(vertx, frame -> {
      if ("reply-1".equals(frame.getString("address"))) {
        ctx.verify(() -> assertThat(frame.getJsonObject("body").getJsonArray("nodes")).isEqualTo(new JsonArray()));
        answered.flag();
        // The register was written before the query, so it is in place by now.
        vertx.eventBus().publish(Addresses.SENSOR_READINGS, reading.toJson());
      } else if (Addresses.SENSOR_READINGS.equals(frame.getString("address"))) {
        ctx.verify(() -> assertThat(Reading.fromJson(frame.getJsonObject("body"))).isEqualTo(reading));
        received.flag();
      }
    }).onComplete(ctx.succeeding(socket -> {
      TcpBridgeFrames.write(socket, new JsonObject().put("type", "register").put("address", Addresses.SENSOR_READINGS));
      TcpBridgeFrames.write(socket, new JsonObject().put("type", "send").put("address", Addresses.NODE_LIST).put("replyAddress", "reply-1")
          .put("body", new JsonObject()));
    }));
  }

  @Test
  void aForbiddenSendIsRefusedAndNeverDelivered(Vertx vertx, VertxTestContext ctx) {
    AtomicBoolean delivered = new AtomicBoolean();
    vertx.eventBus().consumer(Addresses.cameraDemand("shed", "cam0"), msg -> delivered.set(true));
    connect(vertx, frame -> ctx.verify(() -> {
      assertThat(frame.getString("type")).isEqualTo("err");
      assertThat(frame.getString("message")).isEqualTo("access_denied");
      assertThat(delivered).isFalse();
      ctx.completeNow();
    })).onComplete(ctx.succeeding(socket -> TcpBridgeFrames.write(socket, new JsonObject().put("type", "send")
        .put("address", Addresses.cameraDemand("shed", "cam0")).put("replyAddress", "reply-1")
        .put("body", new JsonObject().put("consumer", "me").put("leaseMs", 10_000)))));
  }

  private io.vertx.core.Future<NetSocket> connect(Vertx vertx, Consumer<JsonObject> frames) {
    return client.connect(bridgePort, "127.0.0.1").onSuccess(socket -> TcpBridgeFrames.read(socket, frames));
  }
}
