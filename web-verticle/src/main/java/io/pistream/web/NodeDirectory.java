package io.pistream.web;

import io.pistream.contracts.NodeHealth;
import io.pistream.contracts.NodePresence;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every node heard on the presence address, and whether it still beats: a node not heard for
 * {@link #MISSED_BEATS} of its own periods, or that said it leaves, is offline, and online again with
 * its next heartbeat.
 * A node never heard is neither: callers treat it as online (a web verticle on its own, in tests).
 */
final class NodeDirectory {

  static final int MISSED_BEATS = 3;

  private record Heard(NodePresence presence, long heardAt) {
  }

  private final Map<String, Heard> nodes = new TreeMap<>();
  /** Per node, the last machine health it published. */
  private final Map<String, NodeHealth> health = new TreeMap<>();
  /** Per node, the start time its heartbeats carried before the current one. */
  private final Map<String, Long> previousStart = new TreeMap<>();

  /**
   * Notes a heartbeat. Answers true when it looks like two nodes share the id: the start time flips
   * back to one seen before, which one node restarting never does.
   */
  boolean heard(NodePresence presence, long now) {
    Heard before = nodes.put(presence.node(), new Heard(presence, now));
    if (before == null || before.presence().started() == presence.started()) {
      return false;
    }
    Long earlier = previousStart.put(presence.node(), before.presence().started());
    return earlier != null && earlier == presence.started();
  }

  void health(NodeHealth machine) {
    health.put(machine.node(), machine);
  }

  /** True only for a node that was heard and has since gone silent. */
  boolean isOffline(String node, long now) {
    Heard heard = nodes.get(node);
    return heard != null && !online(heard, now);
  }

  /** When the node was last heard, epoch ms; 0 when never. */
  long lastHeard(String node) {
    Heard heard = nodes.get(node);
    return heard == null ? 0 : heard.heardAt();
  }

  /** {@code {"nodes": [{node, name, roles, version, started, lastSeen, online, health?}...]}}, ordered by id; health once heard. */
  JsonObject toJson(long now) {
    JsonArray list = new JsonArray();
    for (Heard heard : nodes.values()) {
      NodePresence p = heard.presence();
      JsonObject node = new JsonObject()
          .put("node", p.node())
          .put("name", p.name().isBlank() ? p.node() : p.name())
          .put("roles", new JsonArray(p.roles()))
          .put("version", p.version())
          .put("started", p.started())
          .put("lastSeen", heard.heardAt())
          .put("online", online(heard, now));
      if (health.containsKey(p.node())) {
        node.put("health", healthJson(health.get(p.node())));
      }
      list.add(node);
    }
    return new JsonObject().put("nodes", list);
  }

  private static JsonObject healthJson(NodeHealth machine) {
    JsonObject json = machine.toJson();
    json.remove("node");
    return json;
  }

  private static boolean online(Heard heard, long now) {
    return !heard.presence().leaving() && now - heard.heardAt() <= MISSED_BEATS * heard.presence().everyMs();
  }
}
