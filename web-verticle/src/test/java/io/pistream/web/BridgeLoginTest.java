package io.pistream.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.PasswordHashes;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Logins on the bridges of a node with logins: a token in a frame's headers.authorization (kept by the
 * connection), the handshake's own login, nothing at all; for the SockJS and the TCP bridge.
 */
@ExtendWith(VertxExtension.class)
class BridgeLoginTest {

  private static final String VIEWER_TOKEN = PasswordHashes.newToken();
  private static JsonObject auth;

  @BeforeAll
  static void accounts() {
    auth = new JsonObject()
        .put("users", new JsonArray()
            .add(new JsonObject().put("name", "bob").put("passwordHash", PasswordHashes.hashPassword("bob-pw".toCharArray()))))
        .put("tokens", new JsonArray()
            .add(new JsonObject().put("name", "script").put("tokenHash", PasswordHashes.hashToken(VIEWER_TOKEN)).put("role", "viewer")));
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0)) {
      return probe.getLocalPort();
    }
  }

  private static WebVerticle deploy(Vertx vertx, int tcpPort, String tcpHost) {
    JsonObject config = new JsonObject()
        .put("host", "127.0.0.1")
        .put("port", 0)
        .put("auth", auth)
        .put("tcpBridge", new JsonObject().put("enabled", true).put("host", tcpHost).put("port", tcpPort))
        .put("node", new JsonObject().put("id", "hub").put("name", "hub"));
    WebVerticle web = new WebVerticle();
    vertx.deployVerticle(web, new DeploymentOptions().setConfig(config)).timeout(30, TimeUnit.SECONDS).await();
    return web;
  }

  /** Plays storage: answers the sensor list, and hands over the headers the first query arrived with. */
  private static Future<JsonObject> storageHeaders(Vertx vertx) {
    Promise<JsonObject> headers = Promise.promise();
    vertx.eventBus().<JsonObject>consumer(Addresses.STORAGE_SENSORS, msg -> {
      JsonObject seen = new JsonObject();
      msg.headers().forEach(entry -> seen.put(entry.getKey(), entry.getValue()));
      headers.tryComplete(seen);
      msg.reply(new JsonObject().put("sensors", new JsonArray()));
    });
    return headers.future();
  }

  private static JsonObject query(String replyAddress, String token) {
    JsonObject frame = new JsonObject().put("type", "send").put("address", Addresses.STORAGE_SENSORS)
        .put("replyAddress", replyAddress).put("body", new JsonObject());
    return token == null ? frame : frame.put("headers", new JsonObject().put("authorization", "Bearer " + token));
  }

  /** The next frame the socket receives. */
  private static Future<JsonObject> next(WebSocket ws) {
    Promise<JsonObject> frame = Promise.promise();
    ws.handler(buffer -> frame.tryComplete(buffer.toJsonObject()));
    return frame.future();
  }

  private static <T> T await(Future<T> future) {
    return future.timeout(30, TimeUnit.SECONDS).await();
  }

  @Test
  void aSockJsClientWithoutALoginIsRefusedUntilAFrameBringsAToken(Vertx vertx) throws IOException {
    WebVerticle web = deploy(vertx, freePort(), "127.0.0.1");
    Future<JsonObject> storage = storageHeaders(vertx);
    WebSocket ws = await(vertx.createWebSocketClient().connect(web.actualPort(), "127.0.0.1", "/eventbus/websocket"));

    Future<JsonObject> refused = next(ws);
    ws.writeTextMessage(query("r-0", null).encode());
    assertThat(await(refused)).isEqualTo(new JsonObject().put("type", "err").put("body", "rejected"));

    Future<JsonObject> wrong = next(ws);
    ws.writeTextMessage(query("r-1", VIEWER_TOKEN + "x").encode());
    assertThat(await(wrong).getString("body")).isEqualTo("rejected");

    Future<JsonObject> answered = next(ws);
    ws.writeTextMessage(query("r-2", VIEWER_TOKEN).encode());
    assertThat(await(answered).getString("address")).isEqualTo("r-2");
    assertThat(await(storage).fieldNames()).as("the token never reaches the bus").doesNotContain("authorization", "Authorization");

    Future<JsonObject> kept = next(ws);
    ws.writeTextMessage(query("r-3", null).encode());
    assertThat(await(kept).getString("address")).as("the connection keeps the role its token proved").isEqualTo("r-3");
  }

  @Test
  void aSockJsHandshakeThatLoggedInNeedsNoToken(Vertx vertx) throws IOException {
    WebVerticle web = deploy(vertx, freePort(), "127.0.0.1");
    storageHeaders(vertx);
    String basic = "Basic " + Base64.getEncoder().encodeToString("bob:bob-pw".getBytes(StandardCharsets.UTF_8));
    // Checked once by a plain request first: a handshake that waits for the slow first check is closed
    // (noted in the issue as a known gap).
    assertThat(await(io.vertx.ext.web.client.WebClient.create(vertx).get(web.actualPort(), "127.0.0.1", "/api/me")
        .putHeader("Authorization", basic).send()).statusCode()).isEqualTo(200);
    WebSocket ws = await(vertx.createWebSocketClient().connect(new WebSocketConnectOptions()
        .setPort(web.actualPort()).setHost("127.0.0.1").setURI("/eventbus/websocket").addHeader("Authorization", basic)));
    Future<JsonObject> answered = next(ws);
    ws.writeTextMessage(query("r-1", null).encode());
    assertThat(await(answered).getString("address")).isEqualTo("r-1");

    Throwable wrongPassword = vertx.createWebSocketClient().connect(new WebSocketConnectOptions()
            .setPort(web.actualPort()).setHost("127.0.0.1").setURI("/eventbus/websocket")
            .addHeader("Authorization", "Basic " + Base64.getEncoder().encodeToString("bob:nope".getBytes(StandardCharsets.UTF_8))))
        .<Throwable>map(connected -> null).recover(Future::succeededFuture).timeout(30, TimeUnit.SECONDS).await();
    assertThat(wrongPassword).as("a handshake with wrong credentials is refused").isNotNull();
  }

  @Test
  void theTcpBridgeServesTheNetworkOnlyWithTokensAndWantsOneFromEachConnection(Vertx vertx) throws IOException {
    int port = freePort();
    deploy(vertx, port, "0.0.0.0");
    storageHeaders(vertx);
    NetSocket socket = await(vertx.createNetClient().connect(port, "127.0.0.1"));
    java.util.concurrent.LinkedBlockingQueue<JsonObject> frames = new java.util.concurrent.LinkedBlockingQueue<>();
    TcpBridgeFrames.read(socket, frames::add);

    TcpBridgeFrames.write(socket, query("r-0", null));
    JsonObject refused = poll(frames);
    assertThat(refused.getString("type")).isEqualTo("err");
    assertThat(refused.getString("message")).isEqualTo("blocked by bridgeEvent handler");
    TcpBridgeFrames.write(socket, query("r-1", VIEWER_TOKEN));
    assertThat(poll(frames).getString("address")).isEqualTo("r-1");
    TcpBridgeFrames.write(socket, query("r-2", null));
    assertThat(poll(frames).getString("address")).as("the connection keeps its role").isEqualTo("r-2");
  }

  @Test
  void aTcpBridgeOnTheNetworkWithoutTokensRefusesToStart(Vertx vertx) throws IOException {
    JsonObject usersOnly = new JsonObject().put("users", auth.getJsonArray("users"));
    JsonObject config = new JsonObject().put("host", "127.0.0.1").put("port", 0).put("auth", usersOnly)
        .put("tcpBridge", new JsonObject().put("enabled", true).put("host", "0.0.0.0").put("port", freePort()))
        .put("node", new JsonObject().put("id", "hub").put("name", "hub"));
    Throwable refused = vertx.deployVerticle(new WebVerticle(), new DeploymentOptions().setConfig(config))
        .<Throwable>map(id -> null).recover(Future::succeededFuture).timeout(30, TimeUnit.SECONDS).await();
    assertThat(refused).hasMessageContaining("http.tcpBridge.host").hasMessageContaining("http.auth.tokens");
  }

  private static JsonObject poll(java.util.concurrent.BlockingQueue<JsonObject> frames) {
    try {
      JsonObject frame = frames.poll(30, TimeUnit.SECONDS);
      assertThat(frame).as("a frame within 30 s").isNotNull();
      return frame;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
