package io.pistream.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The history page builds its quick-range buttons from {@code GET /api/ranges}. */
@ExtendWith(VertxExtension.class)
class QuickRangesApiTest {

  private WebClient client;
  private int port;

  @BeforeEach
  void deploy(Vertx vertx) {
    JsonObject config = new JsonObject()
        .put("host", "127.0.0.1")
        .put("port", 0)
        .put("node", new JsonObject().put("id", "hub").put("name", "hub"));
    WebVerticle verticle = new WebVerticle();
    vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config)).await();
    port = verticle.actualPort();
    client = WebClient.create(vertx);
  }

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  void listsTheNamedRangesInOrderWithTheirLabelsAndSpans() {
    HttpResponse<Buffer> response = client.get(port, "127.0.0.1", "/api/ranges").send().await();

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).startsWith("application/json");
    assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
    assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("ranges", new JsonArray()
        .add(range("12h", "12 hours", 12 * 3_600_000L))
        .add(range("24h", "24 hours", 24 * 3_600_000L))
        .add(range("3d", "3 days", 3 * 86_400_000L))
        .add(range("7d", "Week", 7 * 86_400_000L))
        .add(range("30d", "30 days", 30 * 86_400_000L))
        .add(range("1y", "Year", 365 * 86_400_000L))));
  }

  @Test
  void everyRangeServedIsOneTheReadingsApiTakes() throws BadParameterException {
    HistoryRequestParser parser = new HistoryRequestParser(ZoneOffset.UTC);
    Instant now = Instant.parse("2024-05-01T12:00:00Z");
    JsonArray served = client.get(port, "127.0.0.1", "/api/ranges").send().await().bodyAsJsonObject().getJsonArray("ranges");

    assertThat(served).isNotEmpty();
    for (Object item : served) {
      JsonObject range = (JsonObject) item;
      HistoryRequest request = parser.parse(MultiMap.caseInsensitiveMultiMap().add("range", range.getString("range")), now);
      assertThat(request.to() - request.from()).as(range.getString("range")).isEqualTo(range.getLong("spanMs"));
    }
  }

  @Test
  void takesNoParameter() {
    HttpResponse<Buffer> response = client.get(port, "127.0.0.1", "/api/ranges?range=12h").send().await();

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.bodyAsJsonObject().getString("detail")).startsWith("range:");
  }

  private static JsonObject range(String name, String label, long spanMs) {
    return new JsonObject().put("range", name).put("label", label).put("spanMs", spanMs);
  }
}
