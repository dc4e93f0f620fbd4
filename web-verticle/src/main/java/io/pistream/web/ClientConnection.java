package io.pistream.web;

import io.vertx.ext.web.RoutingContext;

/**
 * Who is at the other end of a request: the client's address and whether it reached us over HTTPS, as
 * the connection says or, from a trusted reverse proxy, as its {@code X-Forwarded-*} headers say
 * ({@link TrustedProxies}). The guessing limit, the logs, the Origin check and the Secure cookie flag
 * use this, never the raw socket.
 *
 * @param address the client's IP address
 * @param secure whether the client's own connection is HTTPS
 * @param host the host name and port the client addressed, e.g. {@code pi.local:8080}; null if it sent none
 */
record ClientConnection(String address, boolean secure, String host) {

  private static final String KEY = "pistream.client";

  /** The connection {@link TrustedProxies#mount} saw; the socket's own before it ran. */
  static ClientConnection of(RoutingContext ctx) {
    ClientConnection known = ctx.get(KEY);
    return known != null ? known : TrustedProxies.NONE.resolve(ctx.request());
  }

  void putInto(RoutingContext ctx) {
    ctx.put(KEY, this);
  }

  /** The origin a page served to this client has, e.g. {@code https://pi.local:8443}. */
  String origin() {
    return (secure ? "https://" : "http://") + host;
  }
}
