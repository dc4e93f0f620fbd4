package io.pistream.alerts;

import io.pistream.contracts.NodePresence;
import java.util.HashMap;
import java.util.Map;

/**
 * Which alerts node of a cluster sends: the lowest node id among the nodes running the alerts role that
 * were heard within 3 of their heartbeat periods, this node included. Every node judges by the same
 * presence messages, so they agree without talking to each other (until a heartbeat is missed).
 */
final class Election {

  static final String ROLE = "alerts";

  private record Candidate(long lastHeard, long everyMs) {
  }

  private final String self;
  private final Map<String, Candidate> others = new HashMap<>();

  Election(String self) {
    this.self = self;
  }

  void heard(NodePresence presence, long now) {
    if (presence.node().equals(self)) {
      return;
    }
    if (presence.leaving() || !presence.roles().contains(ROLE)) {
      others.remove(presence.node());
    } else {
      others.put(presence.node(), new Candidate(now, presence.everyMs()));
    }
  }

  String leader(long now) {
    String leader = self;
    for (Map.Entry<String, Candidate> other : others.entrySet()) {
      Candidate candidate = other.getValue();
      boolean alive = now - candidate.lastHeard() <= KnownNode.MISSED_BEATS * candidate.everyMs();
      if (alive && other.getKey().compareTo(leader) < 0) {
        leader = other.getKey();
      }
    }
    return leader;
  }

  boolean selfLeads(long now) {
    return leader(now).equals(self);
  }
}
