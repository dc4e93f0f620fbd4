package io.pistream.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.util.concurrent.TimeUnit;

/** A whole web verticle on 127.0.0.1 with the given {@code http.auth}, as the access tests start it and talk to it. */
final class GuardedWebNode {

  static JsonObject config(JsonObject auth) {
    return new JsonObject()
        .put("host", "127.0.0.1")
        .put("port", 0)
        .put("requestTimeoutMs", 300)
        .put("auth", auth)
        .put("node", new JsonObject().put("id", "hub").put("name", "hub"));
  }

  static WebVerticle deploy(Vertx vertx, JsonObject config) {
    WebVerticle web = new WebVerticle();
    vertx.deployVerticle(web, new DeploymentOptions().setConfig(config)).timeout(30, TimeUnit.SECONDS).await();
    return web;
  }

  /** Why the verticle refused to start; null if it started. */
  static Throwable startFailure(Vertx vertx, JsonObject config) {
    return vertx.deployVerticle(new WebVerticle(), new DeploymentOptions().setConfig(config))
        .<Throwable>map(id -> null)
        .recover(Future::succeededFuture)
        .timeout(30, TimeUnit.SECONDS).await();
  }

  static HttpResponse<Buffer> send(HttpRequest<Buffer> request) {
    return request.send().timeout(30, TimeUnit.SECONDS).await();
  }

  static void assertJsonError(HttpResponse<Buffer> response, int status, String error) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).startsWith("application/json");
    assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo(error);
  }

  private GuardedWebNode() {
  }
}
