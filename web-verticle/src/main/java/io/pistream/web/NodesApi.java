package io.pistream.web;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.NodeHealth;
import io.pistream.contracts.NodePresence;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node list: listens to every node's heartbeat, serves it as {@code GET /api/nodes} and answers
 * the read-only bus query {@link Addresses#NODE_LIST} (which the event-bus bridges let through).
 * Logs when a node goes silent and when it comes back.
 */
final class NodesApi {

  private static final Logger log = LoggerFactory.getLogger(NodesApi.class);

  private final Vertx vertx;
  private final NodeDirectory nodes;
  private MessageConsumer<JsonObject> presenceConsumer;
  private MessageConsumer<Object> listConsumer;
  private MessageConsumer<JsonObject> healthConsumer;
  private long watchTimer = -1;
  private JsonObject lastLogged = new JsonObject();
  private final Set<String> warnedDuplicates = new HashSet<>();

  NodesApi(Vertx vertx, NodeDirectory nodes) {
    this.vertx = vertx;
    this.nodes = nodes;
  }

  Future<Void> start() {
    presenceConsumer = vertx.eventBus().consumer(Addresses.NODE_PRESENCE, message -> {
      try {
        NodePresence presence = NodePresence.fromJson(message.body());
        if (nodes.heard(presence, System.currentTimeMillis()) && warnedDuplicates.add(presence.node())) {
          log.error("two nodes call themselves '{}' (their heartbeats alternate): give each its own node.id,"
              + " or their sensors and cameras mix up", presence.node());
        }
      } catch (RuntimeException e) {
        log.warn("ignored a malformed node presence {}: {}", message.body(), e.getMessage());
      }
    });
    listConsumer = vertx.eventBus().consumer(Addresses.NODE_LIST, message -> message.reply(nodes.toJson(System.currentTimeMillis())));
    healthConsumer = vertx.eventBus().consumer(Addresses.NODE_HEALTH, message -> {
      try {
        nodes.health(NodeHealth.fromJson(message.body()));
      } catch (RuntimeException e) {
        log.warn("ignored a malformed node health {}: {}", message.body(), e.getMessage());
      }
    });
    watchTimer = vertx.setPeriodic(1000, id -> logChanges());
    return Future.all(presenceConsumer.completion(), listConsumer.completion(), healthConsumer.completion()).mapEmpty();
  }

  void mount(Router router) {
    router.get("/api/nodes").handler(ctx -> {
      try {
        QueryParameters.of(ctx.queryParams(), Set.of());
      } catch (BadParameterException e) {
        HttpErrors.badRequest(ctx, e.parameter(), e.getMessage());
        return;
      }
      JsonResponses.send(ctx, nodes.toJson(System.currentTimeMillis()));
    });
  }

  Future<Void> stop() {
    vertx.cancelTimer(watchTimer);
    return Future.join(
        presenceConsumer == null ? Future.succeededFuture() : presenceConsumer.unregister(),
        listConsumer == null ? Future.succeededFuture() : listConsumer.unregister(),
        healthConsumer == null ? Future.succeededFuture() : healthConsumer.unregister()).mapEmpty();
  }

  private void logChanges() {
    JsonObject online = new JsonObject();
    nodes.toJson(System.currentTimeMillis()).getJsonArray("nodes")
        .forEach(n -> online.put(((JsonObject) n).getString("node"), ((JsonObject) n).getBoolean("online")));
    for (String node : online.fieldNames()) {
      Boolean before = lastLogged.getBoolean(node);
      boolean now = online.getBoolean(node);
      if (before == null) {
        log.info("node {} is here", node);
      } else if (before != now) {
        if (now) {
          log.info("node {} is back", node);
        } else {
          log.warn("node {} went silent: shown offline, with its sensors and cameras", node);
        }
      }
    }
    lastLogged = online;
  }
}
