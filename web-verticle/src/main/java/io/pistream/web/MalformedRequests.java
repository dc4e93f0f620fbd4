package io.pistream.web;

import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers requests that cannot be understood with the same JSON error every other refusal has, and
 * logs them through {@link RequestProblems} (once, then counted), instead of Vert.x's empty or
 * plain-text answers and the stack trace its router logs for each of them.
 */
final class MalformedRequests {

  private final RequestProblems problems;

  MalformedRequests(RequestProblems problems) {
    this.problems = problems;
  }

  /**
   * The server's invalid-request handler: a request line longer than {@code maxRequestLineBytes} (414),
   * headers larger than {@code maxHeaderBytes} (431), or a head HTTP cannot parse (400). The connection
   * is closed after the answer, as Vert.x does, since the rest of what it sends cannot be framed.
   */
  void invalidRequest(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    if (cause instanceof PrematureChannelClosureException) {
      // Half a head left when the connection closed (a slow client dropped by ConnectionDeadlines): nobody to answer.
      return;
    }
    int status;
    String error;
    String detail;
    if (cause instanceof TooLongHttpLineException) {
      status = 414;
      error = "uri_too_long";
      detail = "the request line is longer than this server accepts (http.limits.maxRequestLineBytes)";
    } else if (cause instanceof TooLongHttpHeaderException) {
      status = 431;
      error = "headers_too_large";
      detail = "the request headers are larger than this server accepts (http.limits.maxHeaderBytes)";
    } else {
      status = 400;
      error = "bad_request";
      detail = cause instanceof TooLongFrameException ? "a part of the request is too long" : "the request is not valid HTTP";
    }
    problems.refused(error, detail + " from " + request.remoteAddress());
    request.response().setStatusCode(status)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .putHeader("Connection", "close")
        .end(new JsonObject().put("error", error).put("detail", detail).encode())
        .onComplete(sent -> request.connection().close());
  }

  /**
   * Mount right after the security headers: a bad percent escape makes Vert.x's route matching throw,
   * so it is found here, before any route with a path parameter is tried.
   */
  void mount(Router root) {
    root.route().handler(this::check);
  }

  private void check(RoutingContext ctx) {
    String part = "path";
    try {
      ctx.normalizedPath();
      part = "query";
      ctx.request().params();
    } catch (IllegalArgumentException e) {
      String detail = "malformed percent escape in the " + part + " (a % must be followed by two hex digits)";
      problems.refused("malformed uri", detail + ": " + abbreviate(ctx.request().uri()) + " from " + ctx.request().remoteAddress());
      HttpErrors.send(ctx, 400, "bad_request", detail);
      return;
    }
    ctx.next();
  }

  private static String abbreviate(String uri) {
    return uri.length() > 120 ? uri.substring(0, 120) + "..." : uri;
  }
}
