package io.pistream.alerts;

/** How long a channel waits before trying a failed notification again: doubling from the first delay up to the cap. */
record RetryBackoff(long initialMillis, long maxMillis) {

  /** The wait after the {@code failures}-th failed attempt in a row (1 for the first). */
  long delayAfter(int failures) {
    long delay = initialMillis;
    for (int i = 1; i < failures && delay < maxMillis; i++) {
      delay *= 2;
    }
    return Math.min(delay, maxMillis);
  }
}
