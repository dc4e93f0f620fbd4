package io.pistream.camera;

/** Exponential restart delays: initial, twice that, ... capped at max; reset after a healthy run. */
final class RestartBackoff {

  private final long initialMs;
  private final long maxMs;
  private int attempts;

  RestartBackoff(long initialMs, long maxMs) {
    this.initialMs = initialMs;
    this.maxMs = maxMs;
  }

  /** Counts one more failure and returns the delay before the next try. */
  long nextDelayMs() {
    attempts++;
    int doublings = Math.min(attempts - 1, 30);
    return Math.min(maxMs, initialMs << doublings);
  }

  int attempts() {
    return attempts;
  }

  void reset() {
    attempts = 0;
  }
}
