package io.pistream.web;

import static io.pistream.web.GuardedWebNode.config;
import static io.pistream.web.GuardedWebNode.deploy;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.pistream.contracts.PasswordHashes;
import io.pistream.testing.RawHttp;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * What strangers send a node on the network, with login on: broken escapes, oversized heads and bodies,
 * and connections that hold a slot without asking anything. Each gets a JSON error or is dropped, is
 * logged once, and leaves real users and viewers served.
 */
@ExtendWith(VertxExtension.class)
class HostileRequestsTest {

  private static final String TOKEN = PasswordHashes.newToken();
  private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString("alice:alice-pw".getBytes(StandardCharsets.UTF_8));
  private static JsonObject auth;

  private final ListAppender<ILoggingEvent> problemsLog = new ListAppender<>();
  private final ListAppender<ILoggingEvent> routerLog = new ListAppender<>();
  private final List<Socket> sockets = new ArrayList<>();

  @BeforeAll
  static void accounts() {
    auth = new JsonObject()
        .put("users", new JsonArray()
            .add(new JsonObject().put("name", "alice").put("passwordHash", PasswordHashes.hashPassword("alice-pw".toCharArray())).put("role", "admin")))
        .put("tokens", new JsonArray()
            .add(new JsonObject().put("name", "viewer").put("tokenHash", PasswordHashes.hashToken(TOKEN)).put("role", "viewer")));
  }

  @BeforeEach
  void captureLogs() {
    problemsLog.start();
    routerLog.start();
    ((Logger) LoggerFactory.getLogger(RequestProblems.class)).addAppender(problemsLog);
    ((Logger) LoggerFactory.getLogger("io.vertx.ext.web.RoutingContext")).addAppender(routerLog);
  }

  @AfterEach
  void release() throws Exception {
    ((Logger) LoggerFactory.getLogger(RequestProblems.class)).detachAppender(problemsLog);
    ((Logger) LoggerFactory.getLogger("io.vertx.ext.web.RoutingContext")).detachAppender(routerLog);
    for (Socket socket : sockets) {
      socket.close();
    }
  }

  @Test
  void brokenPercentEscapesAreJsonBadRequestsOnEveryRouteAndLoggedOnce(Vertx vertx) {
    int port = deploy(vertx, config(auth)).actualPort();
    List<String> targets = List.of("/snapshot/cam0.jpg?raw=%", "/stream/cam0.mjpg?fps=%2", "/video_feed/%", "/api/history?from=%zz",
        "/api/readings?sensor=%E0%A4%A", "/%", "/css/%%30%30", "/login?return=%");
    for (String target : targets) {
      RawHttp.Answer answer = RawHttp.exchange(port, "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + BASIC + "\r\n\r\n");
      assertThat(answer.status()).as(target).isEqualTo(400);
      assertThat(answer.head()).as(target).contains("Content-Type: application/json");
      JsonObject body = new JsonObject(answer.body());
      assertThat(body.getString("error")).as(target).isEqualTo("bad_request");
      assertThat(body.getString("detail")).as(target).startsWith("malformed percent escape in the");
    }
    assertThat(routerLog.list).as("no stack trace per request from the router").isEmpty();
    assertThat(problemsLog.list).as("the first is logged, the rest wait for the summary").hasSize(1);
    assertThat(problemsLog.list.get(0).getFormattedMessage()).contains("malformed percent escape");
  }

  @Test
  void oversizedRequestLinesHeadersAndBodiesGetTheirStatusWithAJsonBody(Vertx vertx) {
    int port = deploy(vertx, config(auth)).actualPort();

    RawHttp.Answer longLine = RawHttp.exchange(port, "GET /" + "a".repeat(5000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    assertThat(longLine.status()).isEqualTo(414);
    assertThat(new JsonObject(longLine.body()).getString("error")).isEqualTo("uri_too_long");

    RawHttp.Answer bigHeaders = RawHttp.exchange(port, "GET /api/cameras HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + "b".repeat(9000) + "\r\n\r\n");
    assertThat(bigHeaders.status()).isEqualTo(431);
    assertThat(new JsonObject(bigHeaders.body()).getString("error")).isEqualTo("headers_too_large");

    String body = "{\"profile\": \"" + "c".repeat(5000) + "\"}";
    RawHttp.Answer bigBody = RawHttp.exchange(port, "POST /api/cameras/cam0/profile HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + BASIC
        + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
    assertThat(bigBody.status()).isEqualTo(413);
    assertThat(new JsonObject(bigBody.body()).getString("error")).isEqualTo("request_entity_too_large");

    RawHttp.Answer notHttp = RawHttp.exchange(port, "GET /api/cameras HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: -5\r\n\r\n");
    assertThat(notHttp.status()).isEqualTo(400);
    assertThat(new JsonObject(notHttp.body()).getString("error")).isEqualTo("bad_request");
    assertThat(routerLog.list).isEmpty();
  }

  @Test
  void aSlowlorisHoldingThreeHundredSocketsLocksNobodyOutAndIsDroppedWithinThirtySeconds(Vertx vertx) throws Exception {
    FakeCamera camera = new FakeCamera("hub", "cam0", new FakeCamera.Profile("high", 320, 240, 20, 5, false));
    CameraStreamTesting.await(vertx.deployVerticle(camera));
    int port = deploy(vertx, config(auth)).actualPort();
    HttpClient client = vertx.createHttpClient();
    FakeViewer viewer = CameraStreamTesting.EVENTUALLY.until(vertx, "the camera to be listed and streamed",
        () -> FakeViewer.open(client, port, "/stream/cam0.mjpg", "Bearer " + TOKEN), opened -> opened.status() == 200).await();

    long start = System.nanoTime();
    for (int i = 0; i < 300; i++) {
      Socket socket = RawHttp.connect(port);
      RawHttp.write(socket, "GET /api/cameras HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Half: ");
      sockets.add(socket);
    }
    RawHttp.Answer user = RawHttp.exchange(port, "GET /api/cameras HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + BASIC + "\r\n\r\n");
    assertThat(user.status()).as("a real user is served while the slots are held").isEqualTo(200);
    FakeViewer newViewer = CameraStreamTesting.await(FakeViewer.open(client, port, "/stream/cam0.mjpg", "Bearer " + TOKEN));
    assertThat(newViewer.status()).as("a new viewer is admitted while the slots are held").isEqualTo(200);
    CameraStreamTesting.await(newViewer.frames(3));
    for (Socket socket : sockets) {
      RawHttp.write(socket, "a");
    }

    for (Socket socket : sockets) {
      RawHttp.untilClosed(socket, Duration.ofSeconds(30));
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("every slowloris socket dropped").isLessThan(Duration.ofSeconds(30));
    long framesSoFar = viewer.parts();
    CameraStreamTesting.await(viewer.frames(framesSoFar + 5));
    assertThat(problemsLog.list).as("one line for three hundred drops").hasSize(1);
  }

  @Test
  void slowBodiesAndIdleKeepAlivesAreClosedWhileFlowingStreamsWebSocketsAndBusyConnectionsStay(Vertx vertx) throws InterruptedException {
    FakeCamera camera = new FakeCamera("hub", "cam0", new FakeCamera.Profile("high", 320, 240, 20, 5, false));
    CameraStreamTesting.await(vertx.deployVerticle(camera));
    JsonObject config = config(auth).put("limits", new JsonObject().put("headerTimeoutSeconds", 2).put("bodyTimeoutSeconds", 2));
    int port = deploy(vertx, config).actualPort();
    HttpClient client = vertx.createHttpClient();
    FakeViewer viewer = CameraStreamTesting.EVENTUALLY.until(vertx, "the camera to be listed and streamed",
        () -> FakeViewer.open(client, port, "/stream/cam0.mjpg", "Bearer " + TOKEN), opened -> opened.status() == 200).await();
    // A plain socket rather than Vert.x's WebSocket client, whose first handshake in a JVM is closed now and then.
    Socket bridge = RawHttp.connect(port);
    RawHttp.write(bridge, "GET /eventbus/websocket HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
        + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
    assertThat(RawHttp.read(bridge).status()).isEqualTo(101);
    sockets.add(bridge);

    Socket slowBody = RawHttp.connect(port);
    RawHttp.write(slowBody, "POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        + "Content-Length: 100\r\n\r\nusername=a");
    Socket idle = RawHttp.connect(port);
    RawHttp.write(idle, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    assertThat(RawHttp.read(idle).status()).isEqualTo(200);

    assertThat(RawHttp.untilClosed(slowBody, Duration.ofSeconds(20))).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    assertThat(RawHttp.untilClosed(idle, Duration.ofSeconds(20))).isLessThan(Duration.ofSeconds(20));
    Socket busy = RawHttp.connect(port);
    sockets.add(busy);
    for (int i = 0; i < 6; i++) {
      RawHttp.write(busy, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      assertThat(RawHttp.read(busy).status()).as("request %d on a connection that keeps asking, 1 s apart", i).isEqualTo(200);
      // The bridge closes a client that does not ping within its ping timeout, as the official client does.
      RawHttp.write(bridge, RawHttp.maskedTextFrame("{\"type\":\"ping\"}"));
      Thread.sleep(1_000);
    }
    assertThat(problemsLog.list).as("the stalled body is worth a line, an idle keep-alive connection is not")
        .singleElement().satisfies(event -> assertThat(event.getFormattedMessage()).contains("request body not complete"));

    long framesSoFar = viewer.parts();
    CameraStreamTesting.await(viewer.frames(framesSoFar + 60));
    RawHttp.write(bridge, RawHttp.maskedTextFrame(new JsonObject().put("type", "send").put("address", "nobody.listens")
        .put("replyAddress", "r-1").put("body", new JsonObject()).encode()));
    assertThat(RawHttp.readTextFrame(bridge)).as("the bridge WebSocket outlives the header timeout and answers").contains("\"err\"");
  }
}
