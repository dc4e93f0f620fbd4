package io.pistream.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.Reading;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The bridge as a browser meets it, through the raw WebSocket endpoint of the SockJS handler: allowed
 * addresses pass both ways, everything else is refused with access_denied and never reaches the bus.
 */
@ExtendWith(VertxExtension.class)
class EventBusBridgeTest {

  private HttpServer server;
  private WebSocketClient sockets;
  private EventBusBridge bridge;

  @BeforeEach
  void serve(Vertx vertx) {
    Router router = Router.router(vertx);
    bridge = new EventBusBridge(vertx);
    bridge.mount(router);
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    sockets = vertx.createWebSocketClient();
  }

  @AfterEach
  void close() {
    bridge.stop().await();
    sockets.close().await();
    server.close().await();
  }

  @Test
  void subscribedBrowserReceivesReadingsAndMayQueryStorage(Vertx vertx, VertxTestContext ctx) {
    Reading reading = new Reading("greenhouse", "ceiling", 1_764_064_800_000L, 21.5, 48.0);
    Checkpoint queried = ctx.checkpoint();
    Checkpoint received = ctx.checkpoint();
    // Storage, played here: its answer also proves the register sent before the query was handled.
    vertx.eventBus().<JsonObject>consumer(Addresses.STORAGE_SENSORS, msg -> {
      queried.flag();
      msg.reply(new JsonObject().put("sensors", new JsonArray()));
    });
    connect().onComplete(ctx.succeeding(ws -> {
      ws.handler(frame -> {
        JsonObject message = frame.toJsonObject();
        if ("reply-1".equals(message.getString("address"))) {
          vertx.eventBus().publish(Addresses.SENSOR_READINGS, reading.toJson());
        } else if (Addresses.SENSOR_READINGS.equals(message.getString("address"))) {
          ctx.verify(() -> assertThat(Reading.fromJson(message.getJsonObject("body"))).isEqualTo(reading));
          received.flag();
        }
      });
      ws.writeTextMessage(new JsonObject().put("type", "register").put("address", Addresses.SENSOR_READINGS).encode());
      ws.writeTextMessage(new JsonObject().put("type", "send").put("address", Addresses.STORAGE_SENSORS)
          .put("replyAddress", "reply-1").put("body", new JsonObject()).encode());
    }));
  }

  @Test
  void sendToAForbiddenAddressIsRefusedAndNeverDelivered(Vertx vertx, VertxTestContext ctx) {
    AtomicBoolean delivered = new AtomicBoolean();
    vertx.eventBus().consumer(Addresses.cameraProfile("greenhouse", "cam0"), msg -> delivered.set(true));
    connect().onComplete(ctx.succeeding(ws -> {
      ws.handler(frame -> ctx.verify(() -> {
        assertThat(frame.toJsonObject()).isEqualTo(new JsonObject().put("type", "err").put("body", "access_denied"));
        assertThat(delivered).isFalse();
        ctx.completeNow();
      }));
      ws.writeTextMessage(new JsonObject().put("type", "send").put("address", Addresses.cameraProfile("greenhouse", "cam0"))
          .put("replyAddress", "reply-1").put("body", new JsonObject().put("profile", "low")).encode());
    }));
  }

  @Test
  void writingToStorageThroughTheBridgeIsRefused(Vertx vertx, VertxTestContext ctx) {
    AtomicBoolean delivered = new AtomicBoolean();
    vertx.eventBus().consumer(Addresses.STORAGE_STORE, msg -> delivered.set(true));
    connect().onComplete(ctx.succeeding(ws -> {
      ws.handler(frame -> ctx.verify(() -> {
        assertThat(frame.toJsonObject().getString("body")).isEqualTo("access_denied");
        assertThat(delivered).isFalse();
        ctx.completeNow();
      }));
      ws.writeTextMessage(new JsonObject().put("type", "send").put("address", Addresses.STORAGE_STORE).put("replyAddress", "reply-1")
          .put("body", new JsonObject().put("readings", new JsonArray().add(new Reading("n", "s", 1, 20.0, 50.0).toJson()))).encode());
    }));
  }

  @Test
  void registerForAnAddressNotOnTheAllowListIsRefused(VertxTestContext ctx) {
    connect().onComplete(ctx.succeeding(ws -> {
      ws.handler(frame -> ctx.verify(() -> {
        assertThat(frame.toJsonObject().getString("body")).isEqualTo("access_denied");
        ctx.completeNow();
      }));
      ws.writeTextMessage(new JsonObject().put("type", "register").put("address", Addresses.cameraFrames("greenhouse", "cam0")).encode());
    }));
  }

  @Test
  void publishingWhatOnlyServersPublishIsRefused(VertxTestContext ctx) {
    connect().onComplete(ctx.succeeding(ws -> {
      ws.handler(frame -> ctx.verify(() -> {
        assertThat(frame.toJsonObject().getString("body")).isEqualTo("access_denied");
        ctx.completeNow();
      }));
      ws.writeTextMessage(new JsonObject().put("type", "publish").put("address", Addresses.SENSOR_READINGS)
          .put("body", new Reading("n", "s", 1, 99.0, 1.0).toJson()).encode());
    }));
  }

  @Test
  void pagesLearnTheEndpointAndAddressesFromBridgeJson(Vertx vertx) {
    WebClient client = WebClient.create(vertx);
    try {
      JsonObject description = client.get(server.actualPort(), "127.0.0.1", "/bridge.json").send().await().bodyAsJsonObject();
      assertThat(description.getString("path")).isEqualTo("/eventbus");
      assertThat(description.getString("sensorReadings")).isEqualTo(Addresses.SENSOR_READINGS);
      assertThat(description.getString("latestReadings")).isEqualTo(Addresses.STORAGE_LATEST);
      assertThat(description.getJsonArray("outbound")).containsExactlyInAnyOrder(
          Addresses.SENSOR_READINGS, Addresses.SENSOR_STATUS, Addresses.CAMERA_STATUS, Addresses.NODE_PRESENCE, Addresses.STORAGE_STATUS,
          Addresses.ALERTS);
      assertThat(description.getJsonArray("inbound")).containsExactlyInAnyOrder(
          Addresses.STORAGE_LATEST, Addresses.STORAGE_SENSORS, Addresses.STORAGE_HISTORY, Addresses.NODE_LIST, Addresses.ALERTS_LIST);
      assertThat(description.getString("alerts")).isEqualTo(Addresses.ALERTS);
    } finally {
      client.close();
    }
  }

  private io.vertx.core.Future<WebSocket> connect() {
    return sockets.connect(server.actualPort(), "127.0.0.1", "/eventbus/websocket");
  }

}
