package io.pistream.mqtt;

/** Delays between reconnect attempts: from the first, doubled per failure up to the cap; reset on success. */
final class Backoff {

  private final long firstMs;
  private final long maxMs;
  private long nextMs;

  Backoff(long firstMs, long maxMs) {
    if (firstMs < 1 || maxMs < firstMs) {
      throw new IllegalArgumentException("first " + firstMs + " ms must be positive and at most max " + maxMs + " ms");
    }
    this.firstMs = firstMs;
    this.maxMs = maxMs;
    this.nextMs = firstMs;
  }

  /** The delay before the next attempt; the one after it is doubled. */
  long next() {
    long delay = nextMs;
    nextMs = Math.min(maxMs, nextMs * 2);
    return delay;
  }

  void reset() {
    nextMs = firstMs;
  }
}
