package io.pistream.web;

import io.pistream.contracts.Failures;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Every error the HTTP side sends: a status and a JSON body {@code {"error": short code, "detail": what
 * was wrong}}, and the one place where event-bus failure codes become HTTP statuses.
 */
final class HttpErrors {

  static void send(RoutingContext ctx, int status, String error, String detail) {
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      response.reset();
      return;
    }
    response.setStatusCode(status)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .end(new JsonObject().put("error", error).put("detail", detail).encode());
  }

  static void badRequest(RoutingContext ctx, String parameter, String detail) {
    send(ctx, 400, "bad_request", parameter + ": " + detail);
  }

  /** Maps a failed event-bus request to the HTTP answer its code stands for. */
  static void fromBus(RoutingContext ctx, Throwable failure) {
    if (failure instanceof ReplyException reply) {
      if (reply.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
        switch (reply.failureCode()) {
          case Failures.BAD_REQUEST -> send(ctx, 400, "bad_request", reply.getMessage());
          case Failures.NOT_FOUND -> send(ctx, 404, "not_found", reply.getMessage());
          case Failures.UNAVAILABLE -> send(ctx, 503, "unavailable", reply.getMessage());
          default -> send(ctx, 500, "internal", reply.getMessage());
        }
        return;
      }
      // No handler or a timeout: the verticle behind the address is not running on any node.
      send(ctx, 503, "unavailable", "service not reachable: " + reply.failureType().name().toLowerCase(java.util.Locale.ROOT));
      return;
    }
    send(ctx, 500, "internal", String.valueOf(failure.getMessage()));
  }

  private HttpErrors() {
  }
}
