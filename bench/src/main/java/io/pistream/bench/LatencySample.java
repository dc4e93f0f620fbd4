package io.pistream.bench;

import java.util.Arrays;

/** Latencies of one measured series, in nanoseconds; reports median and 95th percentile. */
final class LatencySample {

  private final long[] nanos;
  private int size;

  LatencySample(int capacity) {
    nanos = new long[capacity];
  }

  void add(long elapsedNanos) {
    nanos[size++] = elapsedNanos;
  }

  int size() {
    return size;
  }

  double medianMs() {
    return percentileMs(50);
  }

  double p95Ms() {
    return percentileMs(95);
  }

  private double percentileMs(int percent) {
    long[] sorted = Arrays.copyOf(nanos, size);
    Arrays.sort(sorted);
    int index = (int) Math.ceil(percent / 100.0 * size) - 1;
    return sorted[Math.max(0, index)] / 1e6;
  }
}
