package io.pistream.web;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Successful JSON answers: never cached, since every one reflects live data. */
final class JsonResponses {

  static void send(RoutingContext ctx, JsonObject body) {
    ctx.response()
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .end(JsonEncoder.encode(body));
  }

  private JsonResponses() {
  }
}
