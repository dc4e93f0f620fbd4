package io.pistream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.testing.Eventually;
import io.pistream.testing.OkJson;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts a whole node as {@code ./pistream run} does (packed defaults: simulated sensor, synthetic
 * camera, SQLite under a data dir) and reads simulated readings back through the HTTP API.
 */
@ExtendWith(VertxExtension.class)
class WholeNodeTest {

  private static final Eventually EVENTUALLY = Eventually.within(Duration.ofSeconds(30)).every(Duration.ofMillis(200));

  @TempDir
  Path dataDir;

  private WebClient client;
  private int port;

  private PistreamNode node;

  @BeforeEach
  void startNode(Vertx vertx) throws Exception {
    port = freePort();
    Map<String, String> env = Map.of(
        "PISTREAM_HTTP_PORT", Integer.toString(port),
        "PISTREAM_STORAGE_DATADIR", dataDir.toString(),
        "PISTREAM_NODE_ID", "testnode");
    node = PistreamNode.start(new LaunchOptions(dataDir.resolve("none.yaml"), false, false), env);
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
  }
  /** The node stops as on SIGTERM: its parts in reverse order, then Vert.x. */
  @AfterEach
  void stopNode() {
    if (node != null) {
      node.stop();
    }
  }


  @Test
  void simulatedReadingsComeBackThroughTheApi(Vertx vertx) {
    JsonObject latest = eventuallyGet(vertx, "/api/readings/latest", "a reading",
        body -> !body.getJsonArray("readings", new JsonArray()).isEmpty()).await();
    JsonObject reading = latest.getJsonArray("readings").getJsonObject(0);
    assertThat(reading.getString("node")).isEqualTo("testnode");
    assertThat(reading.getString("sensor")).isEqualTo("ceiling");
    assertThat(reading.getDouble("temperatureC")).isBetween(-40.0, 80.0);
    assertThat(reading.getDouble("humidityPct")).isBetween(0.0, 100.0);

    JsonObject history = eventuallyGet(vertx, "/api/readings?range=12h", "a series with points",
        body -> body.getJsonArray("series", new JsonArray()).stream()
            .anyMatch(s -> !((JsonObject) s).getJsonArray("points").isEmpty())).await();
    JsonObject series = history.getJsonArray("series").getJsonObject(0);
    assertThat(series.getString("sensor")).isEqualTo("ceiling");
    JsonObject point = series.getJsonArray("points").getJsonObject(0);
    assertThat(point.getDouble("tMin")).isLessThanOrEqualTo(point.getDouble("tMax"));

    JsonObject sensors = eventuallyGet(vertx, "/api/sensors", "a sensor",
        body -> !body.getJsonArray("sensors", new JsonArray()).isEmpty()).await();
    assertThat(sensors.getJsonArray("sensors").getJsonObject(0).getString("name")).isEqualTo("Ceiling");
  }

  @Test
  void badParametersAreAnsweredWithJson400() {
    HttpResponse<Buffer> response = client.get("/api/readings").addQueryParam("from", "yesterday-ish").send().await();
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.bodyAsJsonObject().getString("detail")).contains("from");
  }

  /** The answer of the URI once it shows what is awaited. */
  private Future<JsonObject> eventuallyGet(Vertx vertx, String uri, String awaited, Predicate<JsonObject> shows) {
    return EVENTUALLY.until(vertx, "GET " + uri + " to show " + awaited, () -> client.get(uri).send().compose(OkJson::body), shows);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
