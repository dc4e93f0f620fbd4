package io.pistream.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.SensorState;
import io.pistream.contracts.SensorStatus;
import io.pistream.contracts.StorageState;
import io.pistream.contracts.StorageStatus;
import io.pistream.testing.Eventually;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The probes of a storage node "n1" answered from statuses the test publishes as the parts would:
 * status only without detail, the components with it; a failing sensor degrades, failing storage is
 * not ready; another node's failing parts do not count.
 */
@ExtendWith(VertxExtension.class)
class OpsRoutesTest {

  private static final Eventually EVENTUALLY = Eventually.within(Duration.ofSeconds(10)).every(Duration.ofMillis(50));
  private static final String DETAIL = "X-Test-Detail";

  private NodeChecks checks;
  private WebClient client;
  private int port;

  @BeforeEach
  void serve(Vertx vertx) {
    checks = new NodeChecks(vertx, "n1", true);
    checks.start(true).await();
    Router router = Router.router(vertx);
    new OpsRoutes(checks).mountHealth(router, ctx -> ctx.request().getHeader(DETAIL) != null);
    port = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await().actualPort();
    checks.httpListening(true);
    client = WebClient.create(vertx);
  }

  @Test
  void storageNotYetHeardFromIsNotReadyButAlive(Vertx vertx) {
    assertThat(get("/ready", false).statusCode()).isEqualTo(503);
    assertThat(get("/ready", false).bodyAsJsonObject()).isEqualTo(new JsonObject().put("status", "DOWN"));
    HttpResponse<Buffer> health = get("/health", false);
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.bodyAsJsonObject()).isEqualTo(new JsonObject().put("status", "UP"));
  }

  @Test
  void withoutDetailOnlyTheStatusWithItEachComponent(Vertx vertx) {
    vertx.eventBus().publish(Addresses.STORAGE_STATUS, storage(StorageState.OK, "").toJson());
    vertx.eventBus().publish(Addresses.SENSOR_STATUS, sensor("n1", SensorState.OK).toJson());
    JsonObject detail = eventually(vertx, "/ready", true, body -> components(body).contains("sensor"));
    assertThat(detail.getString("status")).isEqualTo("UP");
    assertThat(detail.getString("node")).isEqualTo("n1");
    assertThat(components(detail)).containsExactlyInAnyOrder("storage", "http", "sensor");
    JsonObject storage = component(detail, "storage");
    assertThat(storage.getJsonObject("data")).as(detail.encodePrettily()).isNotNull();
    assertThat(storage.getString("status")).isEqualTo("UP");
    assertThat(storage.getJsonObject("data").getLong("lastWriteTs")).isEqualTo(1_700_000_000_000L);
    assertThat(component(detail, "sensor").getJsonArray("checks").getJsonObject(0).getString("id")).isEqualTo("ceiling");

    HttpResponse<Buffer> plain = get("/ready", false);
    assertThat(plain.statusCode()).isEqualTo(200);
    assertThat(plain.bodyAsJsonObject()).isEqualTo(new JsonObject().put("status", "UP"));
    assertThat(get("/health", false).bodyAsJsonObject().fieldNames()).containsExactly("status");
    assertThat(components(get("/health", true).bodyAsJsonObject())).contains("storage", "sensor", "http");
  }

  @Test
  void aFailingSensorDegradesAndAnotherNodesDoesNotCount(Vertx vertx) {
    vertx.eventBus().publish(Addresses.STORAGE_STATUS, storage(StorageState.OK, "").toJson());
    vertx.eventBus().publish(Addresses.SENSOR_STATUS, sensor("n2", SensorState.FAILING).toJson());
    vertx.eventBus().publish(Addresses.SENSOR_STATUS, sensor("n1", SensorState.FAILING).toJson());
    JsonObject detail = eventually(vertx, "/ready", true, body -> components(body).contains("sensor"));
    assertThat(detail.getString("status")).isEqualTo("DEGRADED");
    assertThat(component(detail, "sensor").getJsonArray("checks")).hasSize(1);
    HttpResponse<Buffer> plain = get("/ready", false);
    assertThat(plain.statusCode()).isEqualTo(200);
    assertThat(plain.bodyAsJsonObject()).isEqualTo(new JsonObject().put("status", "DEGRADED"));
    assertThat(get("/health", false).bodyAsJsonObject().getString("status")).isEqualTo("UP");
  }

  @Test
  void storageThatCannotWriteIsNotReady(Vertx vertx) {
    vertx.eventBus().publish(Addresses.STORAGE_STATUS, storage(StorageState.FAILING, "disk full").toJson());
    JsonObject detail = eventually(vertx, "/ready", true,
        body -> component(body, "storage") != null && component(body, "storage").getJsonObject("data") != null);
    assertThat(detail.getString("status")).isEqualTo("DOWN");
    assertThat(component(detail, "storage").getJsonObject("data").getString("detail")).isEqualTo("disk full");
    HttpResponse<Buffer> plain = get("/ready", false);
    assertThat(plain.statusCode()).isEqualTo(503);
    assertThat(plain.bodyAsJsonObject()).isEqualTo(new JsonObject().put("status", "DOWN"));
  }

  @Test
  void httpNotListeningIsNotReady(Vertx vertx) {
    vertx.eventBus().publish(Addresses.STORAGE_STATUS, storage(StorageState.OK, "").toJson());
    eventually(vertx, "/ready", true, body -> "UP".equals(body.getString("status")));
    checks.httpListening(false);
    assertThat(get("/ready", false).statusCode()).isEqualTo(503);
  }

  private JsonObject eventually(Vertx vertx, String path, boolean detail, Predicate<JsonObject> holds) {
    return EVENTUALLY.until(vertx, path + " to show the status", () -> {
      var request = client.get(port, "127.0.0.1", path);
      if (detail) {
        request.putHeader(DETAIL, "1");
      }
      return request.send().map(HttpResponse::bodyAsJsonObject);
    }, holds).await();
  }

  private HttpResponse<Buffer> get(String path, boolean detail) {
    var request = client.get(port, "127.0.0.1", path);
    if (detail) {
      request.putHeader(DETAIL, "1");
    }
    return request.send().timeout(10, TimeUnit.SECONDS).await();
  }

  private static java.util.List<String> components(JsonObject body) {
    return body.getJsonArray("checks", new JsonArray()).stream().map(c -> ((JsonObject) c).getString("id")).toList();
  }

  private static JsonObject component(JsonObject body, String id) {
    return body.getJsonArray("checks", new JsonArray()).stream().map(JsonObject.class::cast)
        .filter(c -> id.equals(c.getString("id"))).findFirst().orElse(null);
  }

  private static SensorStatus sensor(String node, SensorState state) {
    return new SensorStatus(node, "ceiling", "Ceiling", "", state, 0, 0, state == SensorState.OK ? "" : "read timed out", 3, 1, 0);
  }

  private static StorageStatus storage(StorageState state, String detail) {
    return new StorageStatus("n1", state, detail, 0, 1_700_000_000_000L, 0, 10, 0, 0, 4096);
  }
}
