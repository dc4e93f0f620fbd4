package io.pistream.launcher;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.ConfigReader;
import io.pistream.contracts.NodeIdentity;
import io.pistream.contracts.NodePresence;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;

/**
 * This node's heartbeat: publishes a {@link NodePresence} on {@link Addresses#NODE_PRESENCE} at start
 * and then every {@code node.presenceEverySeconds}, so web nodes can list every node and tell when one
 * is gone, and a last one saying it leaves when it stops. Its config is {@code node} (id, name, roles, presenceEverySeconds) plus {@code version}.
 */
public class NodePresenceVerticle extends VerticleBase {

  private long timer = -1;
  private NodePresence presence;

  @Override
  public Future<?> start() {
    try {
      ConfigReader node = new ConfigReader(config(), "").section("node");
      long everyMs = node.integer("presenceEverySeconds", 2, 1, 60) * 1000;
      NodeIdentity identity = NodeIdentity.of(config());
      presence = new NodePresence(
          identity.id(),
          identity.name(),
          node.list("roles").stream().map(String::valueOf).toList(),
          config().getString("version", ""),
          System.currentTimeMillis(),
          everyMs,
          false);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    JsonObject message = presence.toJson();
    vertx.eventBus().publish(Addresses.NODE_PRESENCE, message);
    timer = vertx.setPeriodic(presence.everyMs(), id -> vertx.eventBus().publish(Addresses.NODE_PRESENCE, message));
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    // Best effort: web nodes show this node offline at once instead of after 3 missed beats.
    if (presence != null) {
      vertx.eventBus().publish(Addresses.NODE_PRESENCE, presence.leavingNow().toJson());
    }
    return Future.succeededFuture();
  }
}
