package io.pistream.camera;

import java.util.HashMap;
import java.util.Map;

/**
 * Who wants one camera and until when: the end of each consumer's lease and, from them, the moment the
 * camera may stop. A release and an answered snapshot are leases that end now, so lease ends are all
 * there is to keep. Times are epoch ms.
 */
final class DemandLeases {

  /** The lease of the snapshots; no consumer name equals it. */
  private static final Object SNAPSHOTS = new Object();

  private final long idleTimeoutMs;
  private final Map<Object, Long> leaseEnds = new HashMap<>();

  DemandLeases(long idleTimeoutMs) {
    this.idleTimeoutMs = idleTimeoutMs;
  }

  long idleTimeoutMs() {
    return idleTimeoutMs;
  }

  /** The consumer's latest demand replaces its earlier one, shorter or longer. */
  void hold(String consumer, long leaseMs, long now) {
    leaseEnds.put(consumer, now + leaseMs);
  }

  /**
   * Ends the consumer's lease now; false when it held none. A lease that had already lapsed keeps its
   * end: releasing never makes the camera run longer.
   */
  boolean release(String consumer, long now) {
    return leaseEnds.computeIfPresent(consumer, (held, end) -> Math.min(end, now)) != null;
  }

  /** A snapshot request was answered or given up: the camera stays wanted for the idle timeout. */
  void snapshotEnded(long now) {
    leaseEnds.put(SNAPSHOTS, now);
  }

  /** When the camera may stop: the idle timeout after the last lease ends; long past when none was held. */
  long idleDeadline() {
    long lastWanted = leaseEnds.values().stream().mapToLong(Long::longValue).max().orElse(0);
    return lastWanted + idleTimeoutMs;
  }

  /** The camera stopped: every lease is over. */
  void clear() {
    leaseEnds.clear();
  }
}
