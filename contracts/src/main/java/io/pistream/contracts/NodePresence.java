package io.pistream.contracts;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A node's heartbeat, published on {@link Addresses#NODE_PRESENCE} every {@code everyMs}: a node not
 * heard for a few periods counts as offline.
 *
 * @param node the node id
 * @param name display name
 * @param roles what it runs: storage, sensor, camera, web
 * @param version pistream version it runs
 * @param started when it started, epoch ms
 * @param everyMs its heartbeat period, so listeners can judge silence without knowing its config
 * @param leaving true in the last message of a node that is shutting down: offline at once
 */
public record NodePresence(String node, String name, List<String> roles, String version, long started, long everyMs, boolean leaving) {

  public NodePresence {
    Messages.requireText(node, "node");
    roles = List.copyOf(roles);
  }

  /** The same node saying it is shutting down. */
  public NodePresence leavingNow() {
    return new NodePresence(node, name, roles, version, started, everyMs, true);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("node", node)
        .put("name", name)
        .put("roles", new JsonArray(roles))
        .put("version", version)
        .put("started", started)
        .put("everyMs", everyMs)
        .put("leaving", leaving);
  }

  /** @throws IllegalArgumentException naming the missing or malformed field */
  public static NodePresence fromJson(JsonObject json) {
    JsonArray roles = json.getJsonArray("roles", new JsonArray());
    return new NodePresence(
        json.getString("node"),
        json.getString("name", ""),
        roles.stream().map(String::valueOf).toList(),
        json.getString("version", ""),
        Messages.requireLong(json, "started"),
        Messages.requireLong(json, "everyMs"),
        json.getBoolean("leaving", false));
  }
}
