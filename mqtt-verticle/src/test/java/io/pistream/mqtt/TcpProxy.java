package io.pistream.mqtt;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Forwards 127.0.0.1 connections to the broker, so that a test can cut the verticle's connection the way
 * a network failure does: both sockets closed, no MQTT DISCONNECT, and the broker publishes the last will.
 */
final class TcpProxy {

  private final int upstreamPort;
  private final NetClient client;
  private final List<NetSocket> open = new ArrayList<>();
  private NetServer server;

  private TcpProxy(Vertx vertx, int upstreamPort) {
    this.upstreamPort = upstreamPort;
    this.client = vertx.createNetClient();
  }

  static Future<TcpProxy> start(Vertx vertx, int upstreamPort) {
    TcpProxy proxy = new TcpProxy(vertx, upstreamPort);
    proxy.server = vertx.createNetServer().connectHandler(proxy::accepted);
    return proxy.server.listen(0, "127.0.0.1").map(s -> proxy);
  }

  int port() {
    return server.actualPort();
  }

  /** Closes every connection through the proxy; new ones are still accepted. */
  synchronized void cut() {
    open.forEach(NetSocket::close);
    open.clear();
  }

  /**
   * Stops forwarding on every connection through the proxy, both ways, and closes nothing: a network
   * that fails silently. New connections are forwarded as usual.
   */
  synchronized void freeze() {
    open.forEach(NetSocket::pause);
    open.clear();
  }

  Future<Void> close() {
    cut();
    return server.close().compose(v -> client.close());
  }

  private void accepted(NetSocket downstream) {
    downstream.pause();
    client.connect(upstreamPort, "127.0.0.1").onComplete(connected -> {
      if (connected.failed()) {
        downstream.close();
        return;
      }
      NetSocket upstream = connected.result();
      synchronized (this) {
        open.add(downstream);
        open.add(upstream);
      }
      downstream.handler(upstream::write);
      upstream.handler(downstream::write);
      downstream.closeHandler(v -> upstream.close());
      upstream.closeHandler(v -> downstream.close());
      downstream.resume();
    });
  }
}
