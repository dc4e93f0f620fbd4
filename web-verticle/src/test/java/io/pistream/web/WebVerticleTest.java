package io.pistream.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.ConfigException;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.net.ConnectException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The server's lifecycle and its answers outside the readings API. */
@ExtendWith(VertxExtension.class)
class WebVerticleTest {

  private WebClient client;

  @BeforeEach
  void client(Vertx vertx) {
    client = WebClient.create(vertx);
  }

  private static JsonObject config() {
    return new JsonObject()
        .put("host", "127.0.0.1")
        .put("port", 0)
        .put("requestTimeoutMs", 300)
        .put("node", new JsonObject().put("id", "hub").put("name", "hub"));
  }

  private static Future<WebVerticle> deploy(Vertx vertx, WebVerticle verticle, JsonObject config) {
    return vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config)).map(id -> verticle);
  }

  private static void assertJsonError(HttpResponse<Buffer> response, int status, String error, String detail) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).startsWith("application/json");
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getString("error")).isEqualTo(error);
    assertThat(body.getString("detail")).isEqualTo(detail);
  }

  @Test
  void askingEverySensorForItsStatusAtStart(Vertx vertx, VertxTestContext ctx) {
    Checkpoint refreshAsked = ctx.checkpoint();
    Checkpoint started = ctx.checkpoint();
    vertx.eventBus().consumer(Addresses.SENSOR_STATUS_REFRESH, message -> refreshAsked.flag())
        .completion()
        .compose(ready -> deploy(vertx, new WebVerticle(), config()))
        .onComplete(ctx.succeeding(verticle -> started.flag()));
  }

  @Test
  void unknownPathsAndMethodsAreJsonErrors(Vertx vertx, VertxTestContext ctx) {
    deploy(vertx, new WebVerticle(), config())
        .compose(verticle -> client.get(verticle.actualPort(), "127.0.0.1", "/api/nothing-here").send()
            .compose(response -> {
              ctx.verify(() -> assertJsonError(response, 404, "not_found", "nothing at GET /api/nothing-here"));
              return client.post(verticle.actualPort(), "127.0.0.1", "/api/readings").send();
            }))
        .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
          assertJsonError(response, 405, "method_not_allowed", "POST is not accepted at /api/readings");
          ctx.completeNow();
        })));
  }

  @Test
  void mountedRoutesAreServedBesideTheApi(Vertx vertx, VertxTestContext ctx) {
    WebVerticle web = new WebVerticle().mount(router -> router.get("/stream/ping").handler(routing -> routing.end("pong")));
    deploy(vertx, web, config())
        .compose(verticle -> client.get(verticle.actualPort(), "127.0.0.1", "/stream/ping").send()
            .compose(response -> {
              ctx.verify(() -> assertThat(response.bodyAsString()).isEqualTo("pong"));
              return client.get(verticle.actualPort(), "127.0.0.1", "/stream/pong").send();
            }))
        .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
          assertJsonError(response, 404, "not_found", "nothing at GET /stream/pong");
          ctx.completeNow();
        })));
  }

  @Test
  void anInvalidSettingFailsTheStartNamingIt(Vertx vertx, VertxTestContext ctx) {
    deploy(vertx, new WebVerticle(), config().put("port", 70_000)).onComplete(ctx.failing(failure -> ctx.verify(() -> {
      assertThat(failure).isInstanceOf(ConfigException.class).hasMessageStartingWith("http.port must be between 0 and 65535");
      ctx.completeNow();
    })));
  }

  @Test
  void aBadStreamSettingFailsTheStartBeforeAnythingListens(Vertx vertx, VertxTestContext ctx) {
    deploy(vertx, new WebVerticle(), config().put("stream", new JsonObject().put("maxConnections", 0)))
        .onComplete(ctx.failing(failure -> ctx.verify(() -> {
          assertThat(failure).isInstanceOf(ConfigException.class).hasMessageStartingWith("http.stream.maxConnections must be between 1");
          ctx.completeNow();
        })));
  }

  @Test
  void withoutTheNodeIdentityTheStartFails(Vertx vertx, VertxTestContext ctx) {
    JsonObject config = config();
    config.remove("node");
    deploy(vertx, new WebVerticle(), config).onComplete(ctx.failing(failure -> ctx.verify(() -> {
      assertThat(failure).isInstanceOf(ConfigException.class).hasMessage("node.id is required");
      ctx.completeNow();
    })));
  }

  @Test
  void anHttp2CleartextUpgradeIsAnsweredInHttp11(Vertx vertx, VertxTestContext ctx) {
    // One stalled viewer's connection is closed whole; multiplexed streams on it would go with it.
    HttpClient h2c = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(true));
    deploy(vertx, new WebVerticle(), config())
        .compose(verticle -> h2c.request(HttpMethod.GET, verticle.actualPort(), "127.0.0.1", "/favicon.svg"))
        .compose(request -> request.send())
        .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
          assertThat(response.version()).isEqualTo(HttpVersion.HTTP_1_1);
          assertThat(response.statusCode()).isEqualTo(200);
          ctx.completeNow();
        })));
  }

  @Test
  void aMalformedStatusIsIgnoredAndTheServerKeepsAnswering(Vertx vertx, VertxTestContext ctx) {
    deploy(vertx, new WebVerticle(), config())
        .compose(verticle -> {
          vertx.eventBus().publish(Addresses.SENSOR_STATUS, new JsonObject().put("node", "hub"));
          return client.get(verticle.actualPort(), "127.0.0.1", "/api/sensors").send();
        })
        .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
          // no storage in this test: the answer proves the server still serves
          assertThat(response.statusCode()).isEqualTo(503);
          ctx.completeNow();
        })));
  }

  @Test
  void undeployingClosesTheServer(Vertx vertx, VertxTestContext ctx) {
    int[] port = new int[1];
    deploy(vertx, new WebVerticle(), config())
        .compose(verticle -> {
          port[0] = verticle.actualPort();
          return vertx.undeploy(vertx.deploymentIDs().iterator().next());
        })
        .compose(undeployed -> client.get(port[0], "127.0.0.1", "/api/sensors").send())
        .onComplete(ctx.failing(refused -> ctx.verify(() -> {
          assertThat(refused).isInstanceOf(ConnectException.class);
          ctx.completeNow();
        })));
  }
}
