package io.pistream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.PasswordHashes;
import io.pistream.testing.Eventually;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node without the web role (storage and a simulated sensor) still answers {@code /health},
 * {@code /ready} and {@code /metrics} on {@code http.port}, the detail and the metrics for a token of
 * {@code http.auth.tokens} only.
 */
@ExtendWith(VertxExtension.class)
class OpsNodeTest {

  private static final Eventually EVENTUALLY = Eventually.within(Duration.ofSeconds(30)).every(Duration.ofMillis(200));
  private static final String TOKEN = PasswordHashes.newToken();

  @TempDir
  Path dataDir;

  private PistreamNode node;
  private WebClient client;

  @BeforeEach
  void startNode(Vertx vertx) throws Exception {
    int port = freePort();
    JsonArray tokens = new JsonArray().add(new JsonObject().put("name", "prometheus").put("tokenHash", PasswordHashes.hashToken(TOKEN)));
    node = PistreamNode.start(new LaunchOptions(dataDir.resolve("none.yaml"), false, false), Map.of(
        "PISTREAM_NODE_ROLES", "storage,sensor",
        "PISTREAM_HTTP_PORT", Integer.toString(port),
        "PISTREAM_HTTP_AUTH_TOKENS", tokens.encode(),
        "PISTREAM_STORAGE_DATADIR", dataDir.toString(),
        "PISTREAM_NODE_ID", "shed"));
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
  }

  @AfterEach
  void stopNode() {
    if (node != null) {
      node.stop();
    }
  }

  @Test
  void probesAndMetricsOnHttpPortWithoutTheWebRole(Vertx vertx) {
    HttpResponse<Buffer> health = send(client.get("/health"));
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.bodyAsJsonObject()).isEqualTo(new JsonObject().put("status", "UP"));

    JsonObject ready = EVENTUALLY.until(vertx, "/ready to show storage and the sensor",
        () -> client.get("/ready").bearerTokenAuthentication(TOKEN).send().map(HttpResponse::bodyAsJsonObject),
        body -> body.encode().contains("\"id\":\"sensor\"") && "UP".equals(body.getString("status"))).await();
    assertThat(ready.getString("node")).isEqualTo("shed");
    assertThat(ready.getJsonArray("checks").stream().map(c -> ((JsonObject) c).getString("id")))
        .containsExactlyInAnyOrder("storage", "sensor", "http");
    assertThat(send(client.get("/ready")).bodyAsJsonObject()).isEqualTo(new JsonObject().put("status", "UP"));

    HttpResponse<Buffer> refused = send(client.get("/metrics"));
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.bodyAsJsonObject().getString("error")).isEqualTo("unauthorized");
    assertThat(send(client.get("/metrics").bearerTokenAuthentication("not-it")).statusCode()).isEqualTo(401);

    String metrics = EVENTUALLY.until(vertx, "/metrics to count the sensor's readings",
        () -> client.get("/metrics").bearerTokenAuthentication(TOKEN).send().map(HttpResponse::bodyAsString),
        text -> text.contains("pistream_readings_accepted_total{sensor=\"ceiling\"}")).await();
    assertThat(metrics).contains("pistream_storage_up 1.0", "vertx_http_server_requests_total", "jvm_memory_used_bytes");
    assertThat(send(client.get("/api/sensors")).statusCode()).isEqualTo(404);
  }

  private static HttpResponse<Buffer> send(io.vertx.ext.web.client.HttpRequest<Buffer> request) {
    return request.send().timeout(30, TimeUnit.SECONDS).await();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
