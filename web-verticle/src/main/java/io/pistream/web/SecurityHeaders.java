package io.pistream.web;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Headers on every answer, errors and streams included, that keep the pages from being turned against
 * their users: scripts and styles only from this server (the pages have no inline script or style), no
 * guessing of content types, no framing by other sites unless the config names them (Home Assistant
 * users embed the stream), no referrer sent elsewhere. Vert.x sends no server banner of its own.
 */
final class SecurityHeaders {

  private final String contentSecurityPolicy;

  /** @param frameAncestors the CSP source list of who may frame these pages, e.g. {@code 'none'} */
  SecurityHeaders(String frameAncestors) {
    this.contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:;"
        + " connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors " + frameAncestors;
  }

  /** Mount first, so that no answer leaves without them. */
  void mount(Router root) {
    root.route().handler(this::add);
  }

  private void add(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    response.putHeader("Content-Security-Policy", contentSecurityPolicy)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "same-origin");
    ctx.next();
  }
}
