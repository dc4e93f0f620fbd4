package io.pistream.web;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * A viewer turned away because a cap is reached: 503 at once with Retry-After, in the shape of
 * {@link HttpErrors} plus how many watch and the cap.
 */
record ViewerRefusal(String error, String detail, int watching, int cap) {

  JsonObject toJson() {
    return new JsonObject().put("error", error).put("detail", detail).put("watching", watching).put("cap", cap);
  }

  void send(RoutingContext ctx, int retryAfterSeconds) {
    ctx.response().setStatusCode(503)
        .putHeader("Retry-After", Integer.toString(retryAfterSeconds))
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .end(toJson().encode());
  }
}
