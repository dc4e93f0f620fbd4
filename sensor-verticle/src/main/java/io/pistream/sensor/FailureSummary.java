package io.pistream.sensor;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Keeps failed and rejected reads from filling an SD card with log lines: the first problem after a
 * quiet period is logged in full, the ones after it are counted by reason and reported in one line per
 * period ("12 reads failed or were rejected in the last 60 s: EIO x9, range x3"). A period without
 * problems ends the summarising, so the next problem is logged in full again.
 */
final class FailureSummary {

  private final String sensorId;
  private final long periodMs;
  private final Map<String, Integer> counts = new HashMap<>();
  private long windowStart = -1;
  private int total;

  FailureSummary(String sensorId, long periodMs) {
    this.sensorId = sensorId;
    this.periodMs = periodMs;
  }

  /** @return the line to log now when this problem is the first after a quiet period, else empty */
  Optional<String> record(String reason, String detail, long nowMs) {
    if (windowStart < 0) {
      windowStart = nowMs;
      return Optional.of("sensor " + sensorId + ": read " + (isRejection(reason) ? "rejected" : "failed") + " (" + reason + "): " + detail
          + "; further problems are summarised every " + periodMs / 1000 + " s");
    }
    counts.merge(reason, 1, Integer::sum);
    total++;
    return Optional.empty();
  }

  /** @return the summary line to log when a period has ended with problems counted, else empty */
  Optional<String> flush(long nowMs) {
    if (windowStart < 0 || nowMs - windowStart < periodMs) {
      return Optional.empty();
    }
    if (total == 0) {
      windowStart = -1;
      return Optional.empty();
    }
    String reasons = counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
        .map(e -> e.getKey() + " x" + e.getValue())
        .collect(Collectors.joining(", "));
    String line = "sensor " + sensorId + ": " + total + (total == 1 ? " read failed or was rejected" : " reads failed or were rejected") + " in the last "
        + Math.round((nowMs - windowStart) / 1000.0) + " s: " + reasons;
    counts.clear();
    total = 0;
    windowStart = nowMs;
    return Optional.of(line);
  }

  private static boolean isRejection(String reason) {
    return reason.equals(Verdict.RANGE) || reason.equals(Verdict.SPIKE) || reason.equals(Verdict.CLOCK);
  }
}
