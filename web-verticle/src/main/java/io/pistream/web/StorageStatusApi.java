package io.pistream.web;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.StorageStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage nodes' health as {@code GET /api/storage}: the last {@link StorageStatus} heard from each,
 * when it was heard, and whether its node still beats. A disk that filled up or a database that fails
 * shows here (and on the dashboard, which follows {@link Addresses#STORAGE_STATUS} over the bridge).
 */
final class StorageStatusApi {

  private static final Logger log = LoggerFactory.getLogger(StorageStatusApi.class);

  private record Heard(StorageStatus status, long at) {
  }

  private final Vertx vertx;
  private final NodeDirectory nodes;
  private final Map<String, Heard> byNode = new TreeMap<>();
  private MessageConsumer<JsonObject> consumer;

  StorageStatusApi(Vertx vertx, NodeDirectory nodes) {
    this.vertx = vertx;
    this.nodes = nodes;
  }

  Future<Void> start() {
    consumer = vertx.eventBus().consumer(Addresses.STORAGE_STATUS, message -> {
      try {
        StorageStatus status = StorageStatus.fromJson(message.body());
        byNode.put(status.node(), new Heard(status, System.currentTimeMillis()));
      } catch (RuntimeException e) {
        log.warn("ignored a malformed storage status {}: {}", message.body(), e.getMessage());
      }
    });
    return consumer.completion().onSuccess(v -> vertx.eventBus().publish(Addresses.STORAGE_STATUS_REFRESH, new JsonObject()));
  }

  Future<Void> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  void mount(Router router) {
    router.get("/api/storage").handler(ctx -> {
      try {
        QueryParameters.of(ctx.queryParams(), Set.of());
      } catch (BadParameterException e) {
        HttpErrors.badRequest(ctx, e.parameter(), e.getMessage());
        return;
      }
      long now = System.currentTimeMillis();
      JsonArray storage = new JsonArray();
      byNode.values().forEach(heard -> storage.add(heard.status().toJson()
          .put("heardAt", heard.at())
          .put("nodeOnline", !nodes.isOffline(heard.status().node(), now))));
      JsonResponses.send(ctx, new JsonObject().put("storage", storage));
    });
  }
}
