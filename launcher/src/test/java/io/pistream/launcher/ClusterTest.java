package io.pistream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import io.pistream.contracts.Addresses;
import io.pistream.contracts.CameraDemand;
import io.pistream.contracts.CameraFrame;
import io.pistream.contracts.CameraFrameCodec;
import io.pistream.testing.BusRecorder;
import io.pistream.testing.Eventually;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two nodes in JVMs of their own, clustered over Hazelcast on 127.0.0.1 with a TCP-IP member list:
 * {@code node-a} (sensor + camera, no storage, no web) and {@code hub} (storage + web). The test JVM
 * joins as a third member to look at the bus itself.
 */
class ClusterTest {

  private static final Logger log = LoggerFactory.getLogger(ClusterTest.class);
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final Eventually EVENTUALLY = Eventually.within(PATIENCE).every(Duration.ofMillis(200));

  @TempDir
  Path dir;

  private final List<NodeProcess> nodes = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private int hubPort;
  private int hzHub;
  private int hzA;
  private int hzProbe;
  private Vertx probe;

  @BeforeEach
  void ports() throws IOException {
    hubPort = NodeProcess.freePort();
    hzHub = NodeProcess.freePort();
    hzA = NodeProcess.freePort();
    hzProbe = NodeProcess.freePort();
  }

  @AfterEach
  void killAll() throws InterruptedException {
    for (NodeProcess node : nodes) {
      node.kill();
    }
    if (probe != null) {
      probe.close().toCompletionStage().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
    }
  }

  @Test
  void readingsCamerasPresenceAndFailureAcrossNodes() throws Exception {
    NodeProcess hub = start("hub", hubConfig());
    NodeProcess nodeA = start("node-a", nodeAConfig());

    long joinedAt = System.currentTimeMillis();
    JsonObject nodesSeen = eventuallyGet(hub, "/api/nodes", body -> online(body, "node-a") && online(body, "hub"));
    log.info("hub lists both nodes {} ms after node-a was started", System.currentTimeMillis() - joinedAt);
    assertThat(node(nodesSeen, "node-a").getJsonArray("roles")).containsExactly("sensor", "camera");

    // Node A has no storage: its readings reach the hub's storage over the cluster and its API.
    JsonObject latest = eventuallyGet(hub, "/api/readings/latest", body -> hasReadingOf(body, "node-a"));
    assertThat(readingOf(latest, "node-a").getString("sensor")).isEqualTo("ceiling");
    JsonObject sensors = eventuallyGet(hub, "/api/sensors", body -> body.getJsonArray("sensors").stream()
        .anyMatch(s -> "node-a".equals(((JsonObject) s).getString("node")) && ((JsonObject) s).getJsonObject("status") != null));
    assertThat(sensors.getJsonArray("sensors").size()).isEqualTo(1);

    // Node A's camera, listed and streamed by the hub.
    eventuallyGet(hub, "/api/cameras", body -> body.getJsonArray("cameras").stream()
        .anyMatch(c -> "node-a".equals(((JsonObject) c).getString("node"))));
    assertThat(countJpegParts(hub, "/stream/node-a/cam0.mjpg", 3)).isEqualTo(3);

    // Frames cross the cluster whole, through the frame codec every node registers.
    joinProbe();
    CameraFrame frame = receiveOneFrame("node-a", "cam0");
    assertThat(frame.jpeg().getByte(0)).isEqualTo((byte) 0xFF);
    assertThat(frame.jpeg().getByte(1)).isEqualTo((byte) 0xD8);
    assertThat(frame.seq()).isPositive();
    assertThat(frame.width()).isEqualTo(854);
    assertThat(frame.fps()).isPositive();
    assertThat(frame.ts()).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(60_000L));

    // kill -9 node A: the hub shows it offline within ~10 s and keeps serving, its history included.
    nodeA.kill();
    long killedAt = System.currentTimeMillis();
    eventuallyGet(hub, "/api/nodes", body -> !online(body, "node-a"));
    long offlineAfterMs = System.currentTimeMillis() - killedAt;
    log.info("hub shows node-a offline {} ms after kill -9", offlineAfterMs);
    assertThat(offlineAfterMs).isLessThan(15_000);
    JsonObject sensorsAfter = eventuallyGet(hub, "/api/sensors", body -> "offline".equals(sensorState(body, "node-a")));
    assertThat(sensorsAfter.getJsonArray("sensors").size()).isEqualTo(1);
    JsonObject history = eventuallyGet(hub, "/api/readings?sensor=node-a/ceiling&range=12h", body -> !body.getJsonArray("series").isEmpty()
        && !body.getJsonArray("series").getJsonObject(0).getJsonArray("points").isEmpty());
    assertThat(history.getJsonArray("series").getJsonObject(0).getString("node")).isEqualTo("node-a");

    // It comes back by itself and its readings resume.
    NodeProcess restarted = start("node-a", nodeA.config);
    eventuallyGet(hub, "/api/nodes", body -> online(body, "node-a"));
    eventuallyGet(hub, "/api/readings/latest", body -> hasReadingOf(body, "node-a") && readingOf(body, "node-a").getLong("ts") > killedAt);
    assertThat(restarted.alive()).isTrue();

    // Stopped cleanly, it says so: offline at once rather than after 3 missed heartbeats (6 s).
    long stoppingAt = System.currentTimeMillis();
    restarted.stop();
    eventuallyGet(hub, "/api/nodes", body -> !online(body, "node-a"));
    assertThat(System.currentTimeMillis() - stoppingAt).isLessThan(3_000);
  }

  @Test
  void readingsTakenWhileTheStorageNodeIsDownAreDeliveredWhenItIsBack() throws Exception {
    NodeProcess hub = start("hub", hubConfig());
    NodeProcess nodeA = start("node-a", nodeAConfig());
    eventuallyGet(hub, "/api/readings/latest", body -> hasReadingOf(body, "node-a"));

    hub.kill();
    long killedAt = System.currentTimeMillis();
    NodeProcess hubAgain = start("hub", hub.config);
    eventuallyGet(hubAgain, "/api/nodes", body -> online(body, "node-a"));
    long backAt = System.currentTimeMillis();
    log.info("hub was away for {} ms", backAt - killedAt);

    // Raw rows of node A: some were read while no storage existed, and none is stored twice.
    String raw = "/api/readings?sensor=node-a/ceiling&range=12h&raw=true&points=10000";
    JsonObject history = eventuallyGet(hubAgain, raw, body -> rawTimestamps(body).stream().anyMatch(ts -> ts > killedAt + 1000 && ts < backAt - 1000));
    List<Long> timestamps = rawTimestamps(history);
    assertThat(timestamps).doesNotHaveDuplicates().isSorted();
    assertThat(nodeA.logText()).contains("storage acknowledges readings again");
  }

  @Test
  void withTwoStorageNodesEachHoldsEveryReading() throws Exception {
    NodeProcess hub = start("hub", hubConfig());
    JsonObject nodeA = new JsonObject(Files.readString(nodeAConfig()));
    nodeA.getJsonObject("node").put("roles", new JsonArray().add("storage").add("sensor"));
    nodeA.put("storage", new JsonObject().put("dataDir", dir.resolve("a-data").toString()).put("flushEveryMillis", 100));
    start("node-a", write("node-a-storage.yaml", nodeA));
    eventuallyGet(hub, "/api/nodes", body -> online(body, "node-a"));
    // Node A's heartbeat reached the hub, so A sees the hub's subscriptions: from here on every batch
    // is offered to the other storage node. Readings A took while still joining may be in one database
    // only (replication is best effort, docs/CLUSTER.md), so they are not compared.
    long bothUp = System.currentTimeMillis();

    // Batches go to either storage node; each offers what it accepted to the other.
    Path hubDb = dir.resolve("hub-data").resolve("pistream.db");
    Path aDb = dir.resolve("a-data").resolve("pistream.db");
    record FirstSix(List<Long> inHub, List<Long> inA) {
    }
    FirstSix stored = EVENTUALLY.blockingUntil("six readings taken after both were up in each database",
        () -> new FirstSix(firstTimestamps(hubDb, bothUp, 6), firstTimestamps(aDb, bothUp, 6)),
        first -> first.inHub().size() == 6 && first.inA().size() == 6);
    assertThat(stored.inHub()).isEqualTo(stored.inA());
  }

  @Test
  void ofTwoAlertsNodesOnlyTheLowestIdSendsAndTheOtherStandsBy() throws Exception {
    List<JsonObject> posted = new java.util.concurrent.CopyOnWriteArrayList<>();
    com.sun.net.httpserver.HttpServer receiver = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/hook", exchange -> {
      posted.add(new JsonObject(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    receiver.start();
    try {
      JsonObject alerts = new JsonObject()
          .put("rules", new JsonArray().add(new JsonObject().put("name", "always-warm").put("sensor", "*").put("above", -50)
              .put("repeatMinutes", 0)))
          .put("webhook", new JsonObject().put("url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"));
      JsonObject hub = new JsonObject(Files.readString(hubConfig()));
      hub.getJsonObject("node").getJsonArray("roles").add("alerts");
      hub.put("alerts", alerts);
      JsonObject nodeA = new JsonObject(Files.readString(nodeAConfig()));
      nodeA.getJsonObject("node").getJsonArray("roles").add("alerts");
      nodeA.put("alerts", alerts.copy().put("dataDir", dir.resolve("a-alerts").toString()));
      NodeProcess hubNode = start("hub", write("hub-alerts.yaml", hub));
      NodeProcess aNode = start("node-a", write("node-a-alerts.yaml", nodeA));

      JsonObject first = EVENTUALLY.blockingUntil("the alert posted", () -> posted, list -> !list.isEmpty()).get(0);
      assertThat(first.getString("rule")).isEqualTo("always-warm");
      assertThat(first.getString("subject")).isEqualTo("node-a/ceiling");
      JsonObject listed = eventuallyGet(hubNode, "/api/alerts", body -> !body.getJsonArray("active").isEmpty());
      assertThat(listed.getJsonArray("active")).hasSize(1);
      // Both nodes judge every reading; one sends. Give a second sender ample time to show itself.
      Thread.sleep(8_000);
      assertThat(posted).as("one notification, not one per alerts node").hasSize(1);
      EVENTUALLY.blockingUntil("node-a standing by", () -> Files.readString(aNode.log), text -> text.contains("standby alerts node"));
      assertThat(Files.readString(hubNode.log)).contains("this node (hub) is the active alerts node");
    } finally {
      receiver.stop(0);
    }
  }

  // --- nodes -------------------------------------------------------------------------------------------

  private NodeProcess start(String id, Path config) throws IOException {
    NodeProcess node = new NodeProcess(id, config, dir.resolve(id + ".log")).start();
    nodes.add(node);
    return node;
  }

  private JsonArray members() {
    return new JsonArray().add("127.0.0.1:" + hzHub).add("127.0.0.1:" + hzA).add("127.0.0.1:" + hzProbe);
  }

  private JsonObject cluster(int hzPort) {
    return new JsonObject().put("enabled", true).put("host", "127.0.0.1").put("port", hzPort).put("members", members())
        .put("eventBusPort", 0);
  }

  private Path hubConfig() throws IOException {
    JsonObject config = new JsonObject()
        .put("node", new JsonObject().put("id", "hub").put("name", "Hub").put("roles", new JsonArray().add("storage").add("web")))
        .put("cluster", cluster(hzHub))
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", hubPort))
        .put("storage", new JsonObject().put("dataDir", dir.resolve("hub-data").toString()).put("flushEveryMillis", 100));
    return write("hub.yaml", config);
  }

  private Path nodeAConfig() throws IOException {
    JsonObject config = new JsonObject()
        .put("node", new JsonObject().put("id", "node-a").put("name", "Greenhouse").put("roles", new JsonArray().add("sensor").add("camera")))
        .put("cluster", cluster(hzA))
        // Without the web role the node still serves its probes and metrics: on any free port here.
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", 0))
        .put("sensor", new JsonObject().put("delivery", new JsonObject().put("spoolDir", dir.resolve("a-spool").toString()))
            .put("sensors", new JsonArray().add(new JsonObject()
            .put("id", "ceiling").put("driver", "simulated").put("intervalSeconds", 1))))
        .put("camera", new JsonObject().put("cameras", new JsonArray().add(new JsonObject()
            .put("id", "cam0").put("source", "synthetic").put("profile", "low"))));
    return write("node-a.yaml", config);
  }

  /** JSON is YAML, so the config is written as JSON. */
  private Path write(String name, JsonObject config) throws IOException {
    return Files.writeString(dir.resolve(name), config.encodePrettily());
  }

  private void joinProbe() {
    Config hazelcast = HazelcastConfigs.build(new ClusterSettings(true, Path.of("conf", "cluster.xml"), "127.0.0.1", hzProbe,
        members().stream().map(String::valueOf).toList(), 0, ClusterTls.OFF));
    probe = Vertx.builder()
        .with(new io.vertx.core.VertxOptions().setEventBusOptions(new io.vertx.core.eventbus.EventBusOptions().setHost("127.0.0.1").setPort(0)))
        .withClusterManager(new HazelcastClusterManager(hazelcast))
        .buildClustered()
        .toCompletionStage().toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
    CameraFrameCodec.registerOn(probe.eventBus());
  }

  /** Subscribes to the camera's frames as a web node would (demand with a lease) and returns the first frame. */
  private CameraFrame receiveOneFrame(String node, String camera) {
    BusRecorder<CameraFrame> frames = BusRecorder.on(probe, Addresses.cameraFrames(node, camera), CameraFrame.class)
        .timeout(30, TimeUnit.SECONDS).await();
    try {
      probe.eventBus().request(Addresses.cameraDemand(node, camera), new CameraDemand("test-probe", 10_000).toJson()).await();
      return frames.next(frame -> true).timeout(30, TimeUnit.SECONDS).await();
    } finally {
      frames.close();
    }
  }

  // --- HTTP --------------------------------------------------------------------------------------------

  /** The hub's answer of the path once it satisfies the condition; the nodes' logs join the error if it never does. */
  private JsonObject eventuallyGet(NodeProcess hub, String path, Predicate<JsonObject> condition) throws InterruptedException {
    try {
      return EVENTUALLY.blockingUntil("GET " + path + " to reach the expected state", () -> get(path), condition);
    } catch (AssertionError notReached) {
      throw new AssertionError(notReached.getMessage() + "\n--- hub log ---\n" + tail(hub.logText()) + "\n--- other logs ---\n"
          + nodes.stream().filter(n -> n != hub).map(n -> n.id + ":\n" + tail(n.logText())).reduce("", String::concat), notReached.getCause());
    }
  }

  private JsonObject get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("answered " + response.statusCode() + ": " + response.body());
    }
    return new JsonObject(response.body());
  }

  private int countJpegParts(NodeProcess hub, String path, int wanted) throws IOException, InterruptedException {
    HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).as("stream status; hub log:\n%s", tail(hub.logText())).isEqualTo(200);
    byte[] marker = "Content-Type: image/jpeg".getBytes(StandardCharsets.US_ASCII);
    int found = 0;
    int matched = 0;
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    try (InputStream in = response.body()) {
      int b;
      while (found < wanted && System.nanoTime() < deadline && (b = in.read()) != -1) {
        matched = b == marker[matched] ? matched + 1 : (b == marker[0] ? 1 : 0);
        if (matched == marker.length) {
          found++;
          matched = 0;
        }
      }
    }
    return found;
  }

  /** The oldest stored reading times, read straight from a node's SQLite file (empty while it has none). */
  /** The first {@code count} raw readings stamped after {@code after}. */
  private static List<Long> firstTimestamps(Path database, long after, int count) {
    if (!Files.exists(database)) {
      return List.of();
    }
    try (java.sql.Connection connection = java.sql.DriverManager.getConnection("jdbc:sqlite:file:" + database + "?mode=ro");
        java.sql.PreparedStatement query = connection.prepareStatement("SELECT ts FROM readings_raw WHERE ts > ? ORDER BY ts LIMIT ?")) {
      query.setLong(1, after);
      query.setInt(2, count);
      List<Long> timestamps = new ArrayList<>();
      try (java.sql.ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          timestamps.add(rows.getLong(1));
        }
      }
      return timestamps;
    } catch (java.sql.SQLException e) {
      // The node is still creating its schema.
      return List.of();
    }
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + hubPort + path);
  }

  private static boolean online(JsonObject nodes, String id) {
    JsonObject node = node(nodes, id);
    return node != null && node.getBoolean("online");
  }

  private static JsonObject node(JsonObject nodes, String id) {
    return nodes.getJsonArray("nodes").stream().map(JsonObject.class::cast).filter(n -> id.equals(n.getString("node"))).findFirst().orElse(null);
  }

  private static boolean hasReadingOf(JsonObject latest, String node) {
    return readingOf(latest, node) != null;
  }

  private static JsonObject readingOf(JsonObject latest, String node) {
    return latest.getJsonArray("readings").stream().map(JsonObject.class::cast).filter(r -> node.equals(r.getString("node")))
        .findFirst().orElse(null);
  }

  private static List<Long> rawTimestamps(JsonObject history) {
    JsonArray series = history.getJsonArray("series");
    if (series.isEmpty()) {
      return List.of();
    }
    return series.getJsonObject(0).getJsonArray("points").stream().map(p -> ((JsonObject) p).getLong("ts")).toList();
  }

  private static String sensorState(JsonObject sensors, String node) {
    return sensors.getJsonArray("sensors").stream().map(JsonObject.class::cast).filter(s -> node.equals(s.getString("node")))
        .map(s -> s.getJsonObject("status")).filter(java.util.Objects::nonNull).map(s -> s.getString("state")).findFirst().orElse(null);
  }

  private static String tail(String text) {
    return text.length() > 6000 ? text.substring(text.length() - 6000) : text;
  }
}
