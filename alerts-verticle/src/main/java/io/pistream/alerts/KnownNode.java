package io.pistream.alerts;

import java.util.List;

/**
 * A node this alerts node has heard (or remembers from its state file), with what its last presence said.
 *
 * @param lastHeard when its presence last arrived, epoch ms (for a remembered node: when this node started)
 * @param leaving its last presence said it is shutting down
 */
record KnownNode(String id, String name, List<String> roles, long everyMs, long lastHeard, boolean leaving) {

  /** Silent for this many heartbeat periods: offline, as the web nodes judge it. */
  static final int MISSED_BEATS = 3;

  KnownNode {
    roles = List.copyOf(roles);
  }

  boolean offline(long now) {
    return leaving || now - lastHeard > MISSED_BEATS * everyMs;
  }

  String displayName() {
    return name == null || name.isBlank() ? id : name;
  }
}
