package io.pistream.web;

import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.impl.ConnectionBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a viewer's connection at once, the one place pistream reaches into Vert.x internals for it.
 * Vert.x 5 closes gracefully, after the writes already queued, which a reader that takes nothing never
 * lets happen: its socket and the parts it holds would stay. Closing from the connection's own Netty
 * handler context fails the queued writes instead. The public API has no such close, so this goes
 * through {@code io.vertx.core.net.impl.ConnectionBase}; {@link #checkSupported()} runs at start so a
 * Vert.x upgrade that changes it stops the server with a message instead of bringing the leak back.
 */
final class ConnectionCloser {

  private static final Logger log = LoggerFactory.getLogger(ConnectionCloser.class);
  static final String HTTP1_SERVER_CONNECTION = "io.vertx.core.http.impl.Http1xServerConnection";

  /** @throws IllegalStateException when this Vert.x's HTTP/1 server connections cannot be closed at once */
  static void checkSupported() {
    Class<?> http1;
    try {
      http1 = Class.forName(HTTP1_SERVER_CONNECTION, false, ConnectionCloser.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(unsupported(HTTP1_SERVER_CONNECTION + " does not exist"), e);
    }
    if (!ConnectionBase.class.isAssignableFrom(http1)) {
      throw new IllegalStateException(unsupported(HTTP1_SERVER_CONNECTION + " no longer extends " + ConnectionBase.class.getName()));
    }
  }

  private static String unsupported(String what) {
    return "stalled MJPEG viewers cannot be disconnected on this Vert.x version (" + what
        + "); pistream " + ConnectionCloser.class.getSimpleName() + " needs updating for it";
  }

  static void closeNow(HttpConnection connection, HttpServerResponse response) {
    if (connection instanceof ConnectionBase base) {
      base.channelHandlerContext().close();
      return;
    }
    // Not reached while h2c is off and the start check passed; reset is the best the public API offers.
    log.error("a viewer connection is a {}, not a {}: closing it gracefully, its queued frames stay until it goes",
        connection.getClass().getName(), ConnectionBase.class.getName());
    response.reset();
  }

  private ConnectionCloser() {
  }
}
