package io.pistream.web;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.bridge.BridgeOptions;
import io.vertx.ext.eventbus.bridge.tcp.TcpEventBusBridge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP event-bus bridge for programs that are not browsers (Python, Go, C...): frames of a 4-byte
 * big-endian length and a JSON object, the allow-lists of {@link EventBusBridge} and its refusal log.
 * Off unless {@code http.tcpBridge.enabled}.
 */
final class TcpBridge {

  private static final Logger log = LoggerFactory.getLogger(TcpBridge.class);

  private final Vertx vertx;
  private final TcpBridgeSettings settings;
  private final EventBusBridge refusals;
  private TcpEventBusBridge bridge;

  TcpBridge(Vertx vertx, TcpBridgeSettings settings, EventBusBridge refusals) {
    this.vertx = vertx;
    this.settings = settings;
    this.refusals = refusals;
  }

  Future<Void> start() {
    if (!settings.enabled()) {
      return Future.succeededFuture();
    }
    TcpEventBusBridge created = TcpEventBusBridge.create(vertx, EventBusBridge.permit(new BridgeOptions()), null, event -> {
      refusals.note(event.type(), event.getRawMessage(), String.valueOf(event.socket().remoteAddress()));
      event.complete(true);
    });
    return created.listen(settings.port(), settings.host())
        .onSuccess(listening -> {
          bridge = listening;
          log.info("TCP event-bus bridge on {}:{}", settings.host(), settings.port());
        })
        .mapEmpty();
  }

  Future<Void> stop() {
    return bridge == null ? Future.succeededFuture() : bridge.close();
  }
}
