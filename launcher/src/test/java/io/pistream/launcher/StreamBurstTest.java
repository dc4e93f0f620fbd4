package io.pistream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.pistream.testing.Eventually;
import io.pistream.testing.OkJson;
import io.pistream.testing.RawHttp;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * 500 stream connections to one camera at once, on the packed defaults (synthetic 1080p24 camera,
 * viewer cap 5, ladder 24/12/6/1, uplink budget 300 Mbit/s): nothing hangs, the first 5 are admitted at
 * the full rate and the ladder admits more at lower steps, never more than http.stream.maxConnections;
 * they keep receiving frames at their step, and every other one gets a 503 with Retry-After and the
 * JSON body at once. The rates are measured by the stream benchmark's burst case (docs/BENCHMARKS.md), not here.
 */
class StreamBurstTest {

  private static final int CONNECTIONS = 500;
  private static final byte[] BOUNDARY = "--pistreamframe\r\n".getBytes(StandardCharsets.US_ASCII);

  @TempDir
  Path dataDir;

  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final List<Socket> sockets = new ArrayList<>();
  private PistreamNode node;
  private Vertx client;

  @AfterEach
  void stop() throws IOException {
    ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(log);
    for (Socket socket : sockets) {
      socket.close();
    }
    if (client != null) {
      client.close().await();
    }
    if (node != null) {
      node.stop();
    }
  }

  @Test
  void aBurstOfFiveHundredViewersAdmitsTheCapAndRefusesTheRestWithJson() throws Exception {
    int port = NodeProcess.freePort();
    node = PistreamNode.start(new LaunchOptions(dataDir.resolve("none.yaml"), false, false), Map.of(
        "PISTREAM_HTTP_PORT", Integer.toString(port),
        "PISTREAM_STORAGE_DATADIR", dataDir.toString(),
        "PISTREAM_NODE_ID", "burst"));
    client = Vertx.vertx();
    WebClient web = WebClient.create(client, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    Eventually eventually = Eventually.within(Duration.ofSeconds(30));
    eventually.until(client, "the camera to be listed", () -> web.get("/api/cameras").send().compose(OkJson::body),
        body -> !body.getJsonArray("cameras", new JsonArray()).isEmpty()).await();
    log.start();
    ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).addAppender(log);

    for (int i = 0; i < CONNECTIONS; i++) {
      Socket socket = new Socket();
      socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write(("GET /stream/cam0.mjpg?client=burst-" + i + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      sockets.add(socket);
      clients.put(socket, "burst-" + i);
    }
    List<Socket> admitted = new ArrayList<>();
    int refused = 0;
    for (Socket socket : sockets) {
      String head = RawHttp.readHead(socket.getInputStream());
      if (head.startsWith("HTTP/1.1 200")) {
        assertThat(head).contains("multipart/x-mixed-replace");
        admitted.add(socket);
        continue;
      }
      assertThat(head).as("a refused viewer").startsWith("HTTP/1.1 503").containsIgnoringCase("Retry-After: ").contains("application/json");
      assertThat(head).containsIgnoringCase("Content-Length: ");
      JsonObject body = new JsonObject(RawHttp.readBody(socket.getInputStream(), head, false));
      assertThat(body.getString("error")).isIn("uplink_full", "server_full");
      assertThat(body.getString("detail")).isNotBlank();
      refused++;
      socket.close();
    }
    assertThat(admitted.size()).as("more than the 5 at full rate, never more than http.stream.maxConnections").isBetween(6, 100);
    assertThat(refused).isEqualTo(CONNECTIONS - admitted.size());
    JsonObject admittedList = web.get("/api/cameras").send().compose(OkJson::body).await().getJsonArray("cameras").getJsonObject(0);
    Map<String, Integer> fpsAtAdmission = fpsByClient(admittedList);
    assertThat(fpsAtAdmission).hasSize(admitted.size());
    assertThat(fpsAtAdmission.values().stream().filter(fps -> fps == 24).count()).as("the full-rate viewers").isEqualTo(5);
    assertThat(fpsAtAdmission.values()).allMatch(fps -> List.of(24, 12, 6, 1).contains(fps));

    ExecutorService readers = Executors.newFixedThreadPool(admitted.size());
    try {
      List<Future<Integer>> frames = new ArrayList<>();
      for (Socket viewer : admitted) {
        frames.add(readers.submit(() -> partsWithin(viewer.getInputStream(), Duration.ofSeconds(5))));
      }
      for (int i = 0; i < frames.size(); i++) {
        int fps = fpsAtAdmission.get(clientOf(admitted.get(i)));
        // 5 s at 24 fps would be 120; a generous floor of a fifth, since a busy test machine is no benchmark
        assertThat(frames.get(i).get(60, TimeUnit.SECONDS)).as("frames in 5 s of a viewer admitted at " + fps + " fps")
            .isGreaterThanOrEqualTo(fps);
      }
    } finally {
      readers.shutdownNow();
    }
    JsonObject after = web.get("/api/cameras").send().compose(OkJson::body).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS)
        .getJsonArray("cameras").getJsonObject(0);
    assertThat(after.getInteger("viewers")).as("only the admitted are counted").isEqualTo(admitted.size());
    assertThat(fpsByClient(after).entrySet().stream().filter(entry -> fpsAtAdmission.get(entry.getKey()) == 24).map(Map.Entry::getValue))
        .as("the full-rate viewers keep the full rate").containsOnly(24);
    assertThat(log.list.stream().filter(event -> event.getFormattedMessage().contains("viewer cap")).count())
        .as("495 refusals are one log line and a summary, not 495 lines").isLessThanOrEqualTo(2);
  }

  private final Map<Socket, String> clients = new HashMap<>();

  private String clientOf(Socket socket) {
    return clients.get(socket);
  }

  private static Map<String, Integer> fpsByClient(JsonObject camera) {
    Map<String, Integer> fps = new HashMap<>();
    for (Object client : camera.getJsonArray("clients")) {
      fps.put(((JsonObject) client).getString("client"), ((JsonObject) client).getInteger("fps"));
    }
    return fps;
  }

  /** MJPEG parts that start within the window (counted by their boundary line, across reads). */
  private static int partsWithin(InputStream in, Duration window) throws IOException {
    long end = System.nanoTime() + window.toNanos();
    byte[] buffer = new byte[65_536];
    int matched = 0;
    int parts = 0;
    while (System.nanoTime() < end) {
      int read = in.read(buffer);
      if (read < 0) {
        break;
      }
      for (int i = 0; i < read; i++) {
        matched = buffer[i] == BOUNDARY[matched] ? matched + 1 : (buffer[i] == BOUNDARY[0] ? 1 : 0);
        if (matched == BOUNDARY.length) {
          parts++;
          matched = 0;
        }
      }
    }
    return parts;
  }
}
