package io.pistream.web;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Keeps other web sites from using a visitor's browser against this node. A request that changes
 * something (any method but GET, HEAD and OPTIONS) and every WebSocket handshake must come from this
 * node's own pages: a browser's {@code Origin} must be this server's, or, where a browser sends none,
 * its {@code Sec-Fetch-Site} must not be another site. Programs send neither and pass; their
 * credentials are not something a browser adds by itself. Strict Origin checks are the CSRF defence
 * OWASP lists for APIs that need no form tokens.
 *
 * <p>An open node (nobody configured, every request admin, on loopback) also refuses a Host other than
 * a loopback name or the configured host: a page of another site that renamed itself to 127.0.0.1
 * (DNS rebinding) would otherwise pass as same-origin.
 */
final class OriginCheck {

  private final boolean guarded;
  private final String configuredHost;

  OriginCheck(boolean guarded, String configuredHost) {
    this.guarded = guarded;
    this.configuredHost = configuredHost;
  }

  /** Mount after {@link TrustedProxies}, before the guard: a forged request is refused before any login. */
  void mount(Router root) {
    root.route().handler(this::check);
  }

  private void check(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    ClientConnection client = ClientConnection.of(ctx);
    if (!guarded && client.host() != null && !isLocalName(hostName(client.host()))) {
      HttpErrors.send(ctx, 403, "host_not_allowed", "this node has no logins, so it answers only requests addressed to"
          + " 127.0.0.1, localhost or " + configuredHost + ", not to " + hostName(client.host()));
      return;
    }
    if (changesSomething(request)) {
      String origin = request.getHeader(HttpHeaders.ORIGIN);
      String site = request.getHeader("Sec-Fetch-Site");
      boolean foreign = origin != null
          ? client.host() == null || !origin.equalsIgnoreCase(client.origin())
          : site != null && (site.equals("cross-site") || site.equals("same-site"));
      if (foreign) {
        HttpErrors.send(ctx, 403, "cross_site_request", request.method() + " " + request.path()
            + " must come from this server's own pages, not from " + (origin != null ? origin : "another site"));
        return;
      }
    }
    ctx.next();
  }

  private static boolean changesSomething(HttpServerRequest request) {
    HttpMethod method = request.method();
    boolean safe = method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS;
    return !safe || "websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE));
  }

  private boolean isLocalName(String name) {
    return Loopback.is(name) || name.equalsIgnoreCase(configuredHost);
  }

  /** {@code pi.local:8080} → {@code pi.local}; {@code [::1]:8080} → {@code [::1]}. */
  private static String hostName(String authority) {
    int colon = authority.lastIndexOf(':');
    boolean bracketed = authority.startsWith("[");
    if (colon < 0 || (bracketed && colon < authority.indexOf(']'))) {
      return authority;
    }
    return authority.substring(0, colon);
  }
}
