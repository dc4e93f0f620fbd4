package io.pistream.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs dropped messages without flooding the log: the first of a period in full, then a count with the
 * last reason when the period ends. Confined to one event loop.
 */
final class DropSummary {

  private static final Logger log = LoggerFactory.getLogger(DropSummary.class);

  private final String what;
  private long dropped;
  private String lastReason = "";

  DropSummary(String what) {
    this.what = what;
  }

  void record(String reason) {
    if (dropped++ == 0) {
      log.warn("dropped {}: {} (further ones are summarised)", what, reason);
    }
    lastReason = reason;
  }

  /** Called once per period. */
  void summarise(long periodSeconds) {
    if (dropped > 1) {
      log.warn("dropped {} {} in the last {} s, last: {}", dropped, what, periodSeconds, lastReason);
    }
    dropped = 0;
  }
}
