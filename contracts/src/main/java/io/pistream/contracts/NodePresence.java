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
 */
public record NodePresence(String node, String name, List<String> roles, String version, long started, long everyMs) {

  public NodePresence {
    Messages.requireText(node, "node");
    roles = List.copyOf(roles);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("node", node)
        .put("name", name)
        .put("roles", new JsonArray(roles))
        .put("version", version)
        .put("started", started)
        .put("everyMs", everyMs);
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
        Messages.requireLong(json, "everyMs"));
  }
}
