package io.pistream.sensor;

import io.pistream.contracts.SensorState;

/**
 * A sensor's state and counters. {@code failing}: this many consecutive polls ended without an accepted
 * reading; {@code offline}: no accepted reading for this long. Both clear on the next accepted reading.
 * Durations use a monotonic clock, since a Pi's wall clock jumps when NTP first syncs; the wall-clock
 * times are only reported.
 */
final class SensorHealth {

  private final int failingAfterPolls;
  private final long offlineAfterMs;
  private final long startedMono;
  private SensorState state = SensorState.STARTING;
  private long sinceWall;
  private long lastAcceptedMono = -1;
  private long lastReadingTs;
  private int failedPolls;
  private String problem = "";
  private long readsOk;
  private long readsFailed;
  private long readsRejected;

  SensorHealth(int failingAfterPolls, long offlineAfterMs, long nowMono, long nowWall) {
    this.failingAfterPolls = failingAfterPolls;
    this.offlineAfterMs = offlineAfterMs;
    this.startedMono = nowMono;
    this.sinceWall = nowWall;
  }

  void accepted(long nowMono, long readingTs) {
    readsOk++;
    lastAcceptedMono = nowMono;
    lastReadingTs = readingTs;
    failedPolls = 0;
    problem = "";
  }

  void readFailed() {
    readsFailed++;
  }

  void readRejected() {
    readsRejected++;
  }

  /** A poll ended, after its retries, without an accepted reading. */
  void pollFailed(String why) {
    failedPolls++;
    problem = why;
  }

  /** @return true when the state changed */
  boolean update(long nowMono, long nowWall) {
    SensorState next = evaluate(nowMono);
    if (next == state) {
      return false;
    }
    state = next;
    sinceWall = nowWall;
    return true;
  }

  private SensorState evaluate(long nowMono) {
    long lastSign = lastAcceptedMono >= 0 ? lastAcceptedMono : startedMono;
    if (nowMono - lastSign > offlineAfterMs) {
      return SensorState.OFFLINE;
    }
    if (failedPolls >= failingAfterPolls) {
      return SensorState.FAILING;
    }
    return lastAcceptedMono >= 0 ? SensorState.OK : SensorState.STARTING;
  }

  SensorState state() {
    return state;
  }

  long since() {
    return sinceWall;
  }

  long lastReadingTs() {
    return lastReadingTs;
  }

  String detail(long nowMono) {
    return switch (state) {
      case OK -> "";
      case STARTING, FAILING -> problem;
      case OFFLINE -> {
        long lastSign = lastAcceptedMono >= 0 ? lastAcceptedMono : startedMono;
        long silentMs = nowMono - lastSign;
        String silence = "no accepted reading for "
            + (silentMs < 10_000 ? String.format(java.util.Locale.ROOT, "%.1f", silentMs / 1000.0) : Long.toString(silentMs / 1000)) + " s";
        yield problem.isEmpty() ? silence : silence + "; last problem: " + problem;
      }
    };
  }

  long readsOk() {
    return readsOk;
  }

  long readsFailed() {
    return readsFailed;
  }

  long readsRejected() {
    return readsRejected;
  }
}
