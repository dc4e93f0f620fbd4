package io.pistream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.NodeHealth;
import io.pistream.testing.Eventually;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/OPERATIONS.md, the Grafana dashboard and a live {@code /metrics} of a whole node on the packed
 * defaults agree: every documented pistream metric shows (all but those that need alert channels: the
 * test opens a camera stream and publishes a {@code node.health} as on a Pi), every live one is
 * documented with its type, every dashboard query names documented metrics; and the example scrape
 * config passes {@code promtool check config}.
 */
@ExtendWith(VertxExtension.class)
class OperationsDocsTest {

  private static final Eventually EVENTUALLY = Eventually.within(Duration.ofSeconds(30)).every(Duration.ofMillis(200));
  /** A row of the metrics table: | `name` | type | labels | appears | meaning | source | */
  private static final Pattern DOC_ROW = Pattern.compile("^\\| `(pistream_[a-z_]+)` \\| ([a-z]+) \\|[^|]*\\| ([^|]+?) \\|", Pattern.MULTILINE);
  private static final Pattern LIVE_TYPE = Pattern.compile("^# TYPE (pistream_[a-z_]+) ([a-z]+)$", Pattern.MULTILINE);
  private static final Pattern DASHBOARD_METRIC = Pattern.compile("pistream_[a-z_]+");
  private static final Pattern EXPR = Pattern.compile("\"expr\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

  @TempDir
  Path dataDir;

  private PistreamNode node;
  private WebClient client;
  private HttpClient viewer;
  private int port;

  @BeforeEach
  void startNode(Vertx vertx) throws Exception {
    port = freePort();
    node = PistreamNode.start(new LaunchOptions(dataDir.resolve("none.yaml"), false, false), Map.of(
        "PISTREAM_HTTP_PORT", Integer.toString(port),
        "PISTREAM_STORAGE_DATADIR", dataDir.toString(),
        "PISTREAM_NODE_ID", "testnode"));
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
  }

  @AfterEach
  void stopNode() {
    if (viewer != null) {
      viewer.close().await();
    }
    if (node != null) {
      node.stop();
    }
  }

  @Test
  void documentedMetricsDashboardAndLiveMetricsAgree(Vertx vertx) throws IOException {
    // The Pi-health publisher's message, every figure present as on a Pi.
    node.vertx().eventBus().publish(Addresses.NODE_HEALTH,
        new NodeHealth("testnode", System.currentTimeMillis(), 51.5, false, true, false, true, false, 1_000_000, 2_000_000).toJson());
    // One viewer of the synthetic camera, so that the per-viewer meters exist: its first bytes are enough.
    viewer = vertx.createHttpClient();
    Promise<Void> firstFrame = Promise.promise();
    viewer.request(HttpMethod.GET, port, "127.0.0.1", "/stream/cam0.mjpg")
        .compose(HttpClientRequest::send)
        .onSuccess(response -> response.handler(bytes -> firstFrame.tryComplete()))
        .onFailure(firstFrame::tryFail);
    firstFrame.future().timeout(30, TimeUnit.SECONDS).await();
    String live = EVENTUALLY.until(vertx, "/metrics to show readings, a batch written and the Pi's health",
        () -> client.get("/metrics").send().map(HttpResponse::bodyAsString),
        text -> text.contains("pistream_readings_accepted_total{") && text.contains("pistream_storage_batch_size_readings_count")
            && text.contains("pistream_soc_temperature_celsius") && text.contains("pistream_camera_frames_delivered_total{")).await();
    Files.writeString(Path.of("launcher/target/live-metrics.txt"), live);

    Map<String, String> liveTypes = new java.util.TreeMap<>();
    Matcher type = LIVE_TYPE.matcher(live);
    while (type.find()) {
      liveTypes.put(type.group(1), type.group(2));
    }
    // A timer's or a summary's _max is its companion gauge, documented with it.
    liveTypes.keySet().removeIf(name -> name.endsWith("_max") && "summary".equals(liveTypes.get(name.substring(0, name.length() - 4))));
    String doc = Files.readString(Path.of("docs/OPERATIONS.md"));
    Map<String, String> documented = new java.util.TreeMap<>();
    Set<String> mustShow = new TreeSet<>();
    Matcher row = DOC_ROW.matcher(doc);
    while (row.find()) {
      documented.put(row.group(1), row.group(2));
      if (Set.of("always", "with node.health", "after a viewer").contains(row.group(3).trim())) {
        mustShow.add(row.group(1));
      }
    }
    assertThat(documented).as("metrics documented in docs/OPERATIONS.md").isNotEmpty();
    assertThat(liveTypes.keySet()).as("documented metrics that must show live").containsAll(mustShow);
    assertThat(documented.keySet()).as("live pistream metrics, each documented").containsAll(liveTypes.keySet());
    liveTypes.forEach((name, kind) -> assertThat(documented.get(name)).as("documented type of " + name).isEqualTo(kind));

    String dashboard = Files.readString(Path.of("docs/ops/grafana-dashboard.json"));
    Set<String> queried = new TreeSet<>();
    Matcher expr = EXPR.matcher(dashboard);
    while (expr.find()) {
      Matcher metric = DASHBOARD_METRIC.matcher(expr.group(1));
      while (metric.find()) {
        queried.add(metric.group());
      }
    }
    assertThat(queried).as("pistream metrics the dashboard queries").isNotEmpty();
    for (String name : queried) {
      assertThat(documented.keySet().stream().anyMatch(d -> name.equals(d) || name.startsWith(d + "_")))
          .as("dashboard query names documented metric " + name).isTrue();
    }
  }

  @Test
  void theExampleScrapeConfigPassesPromtool() throws Exception {
    Process promtool = new ProcessBuilder("promtool", "check", "config", "docs/ops/prometheus.yml").redirectErrorStream(true).start();
    assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String output = new String(promtool.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(promtool.exitValue()).as(output).isZero();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
