package io.pistream.storage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The other storage nodes this one has heard from lately, by their hellos and their digest requests.
 * Confined to the verticle's event loop.
 */
final class StoragePeers {

  private record Peer(long started, long lastHeard) {
  }

  private final String self;
  private final long forgetAfterMs;
  private final Map<String, Peer> peers = new HashMap<>();

  StoragePeers(String self, long forgetAfterMs) {
    this.self = self;
    this.forgetAfterMs = forgetAfterMs;
  }

  /**
   * Notes a hello.
   *
   * @return true when the node is new here or restarted since its last hello: it may miss readings
   */
  boolean hello(String node, long started, long now) {
    if (self.equals(node)) {
      return false;
    }
    Peer before = peers.put(node, new Peer(started, now));
    return before == null || before.started() != started;
  }

  /** Notes a node heard otherwise than by its hello; false for this node itself. */
  boolean heard(String node, long now) {
    if (self.equals(node)) {
      return false;
    }
    Peer before = peers.get(node);
    peers.put(node, new Peer(before == null ? 0 : before.started(), now));
    return true;
  }

  /** The peers heard within the forget period, forgetting the others. */
  List<String> live(long now) {
    peers.values().removeIf(p -> now - p.lastHeard() > forgetAfterMs);
    return new ArrayList<>(peers.keySet());
  }
}
