package io.pistream.web;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.bridge.BridgeOptions;
import io.vertx.ext.eventbus.bridge.tcp.TcpEventBusBridge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP event-bus bridge for programs that are not browsers (Python, Go, C...): frames of a 4-byte
 * big-endian length and a JSON object, the allow-lists, role checks ({@link BridgeAuthorization}: a token
 * in each frame's {@code headers.authorization} once the node has logins) and refusal log of
 * {@link EventBusBridge}.
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
    TcpEventBusBridge created = TcpEventBusBridge.create(vertx, EventBusBridge.permit(new BridgeOptions()), null, event ->
        event.complete(refusals.permitted(event.type(), event.getRawMessage(), event.socket(), null,
            String.valueOf(event.socket().remoteAddress()))));
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
