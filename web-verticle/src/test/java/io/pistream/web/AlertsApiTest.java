package io.pistream.web;

import static io.pistream.web.GuardedWebNode.config;
import static io.pistream.web.GuardedWebNode.deploy;
import static io.pistream.web.GuardedWebNode.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.AlertEvent;
import io.pistream.contracts.Failures;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** GET /api/alerts asks the alerts node; without one it says so in a 503 that names the role. */
@ExtendWith(VertxExtension.class)
class AlertsApiTest {

  private static final AlertEvent HOT = new AlertEvent("a1", "too hot", "threshold", "pi-1", "pi-1/ceiling", AlertEvent.FIRING,
      "ceiling on pi-1: temperature 31.2 C, above 30 C", 31.2, 1_000L, 61_000L, 0L, "");

  @Test
  void theAlertsNodesAnswerIsServedAsItIs(Vertx vertx) {
    JsonObject answer = new JsonObject()
        .put("active", new JsonArray().add(HOT.toJson()))
        .put("recent", new JsonArray().add(HOT.toJson()))
        .put("deliveries", new JsonObject().put("pending", 0));
    MessageConsumer<JsonObject> alertsNode = vertx.eventBus().consumer(Addresses.ALERTS_LIST, message -> message.reply(answer));
    alertsNode.completion().timeout(30, TimeUnit.SECONDS).await();
    WebVerticle web = deploy(vertx, config(new JsonObject()));
    WebClient client = WebClient.create(vertx);

    HttpResponse<Buffer> response = send(client.get(web.actualPort(), "127.0.0.1", "/api/alerts"));
    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject body = response.bodyAsJsonObject();
    assertThat(AlertEvent.fromJson(body.getJsonArray("active").getJsonObject(0))).isEqualTo(HOT);
    assertThat(body.getJsonObject("deliveries").getInteger("pending")).isZero();
    assertThat(send(client.get(web.actualPort(), "127.0.0.1", "/api/alerts?active=1")).statusCode()).isEqualTo(400);
  }

  @Test
  void withoutAnAlertsNodeTheAnswerIs503NamingTheRole(Vertx vertx) {
    WebVerticle web = deploy(vertx, config(new JsonObject()));
    HttpResponse<Buffer> response = send(WebClient.create(vertx).get(web.actualPort(), "127.0.0.1", "/api/alerts"));
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("unavailable");
    assertThat(response.bodyAsJsonObject().getString("detail")).contains("alerts role");
  }

  @Test
  void anAlertsNodeThatFailsTheRequestIsAnsweredWithItsCode(Vertx vertx) {
    vertx.eventBus().consumer(Addresses.ALERTS_LIST, message -> message.fail(Failures.UNAVAILABLE, "alert state unreadable"))
        .completion().timeout(30, TimeUnit.SECONDS).await();
    WebVerticle web = deploy(vertx, config(new JsonObject()));
    HttpResponse<Buffer> response = send(WebClient.create(vertx).get(web.actualPort(), "127.0.0.1", "/api/alerts"));
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.bodyAsJsonObject().getString("detail")).isEqualTo("alert state unreadable");
  }
}
