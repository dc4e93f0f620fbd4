package io.pistream.storage;

/**
 * Chooses the table and the bucket width of a history query so that its cost depends on
 * {@code maxPoints}, not on the length of the range: the coarsest table whose slots fit in a bucket,
 * at most a table step's ratio (60 or 24) of rows read per bucket.
 */
final class HistoryPlanner {

  /** Year 10000: far enough for any chart, near enough that bucket arithmetic cannot overflow. */
  static final long MAX_TS = 253_402_300_800_000L;

  /** @throws IllegalArgumentException naming what is wrong with the range */
  static HistoryPlan plan(long from, long to, int maxPoints, boolean raw) {
    if (from < 0) {
      throw new IllegalArgumentException("from must not be before 1970 (epoch ms >= 0), got " + from);
    }
    if (to > MAX_TS) {
      throw new IllegalArgumentException("to must be at most " + MAX_TS + ", got " + to);
    }
    if (to <= from || maxPoints < 1) {
      throw new IllegalArgumentException("need from < to and maxPoints >= 1");
    }
    if (raw) {
      return new HistoryPlan(Resolution.RAW, 0, from, to, true);
    }
    long range = to - from;
    long width = ceilDiv(range, maxPoints);
    Resolution source = Resolution.RAW;
    for (Resolution candidate : Resolution.values()) {
      if (candidate.millis <= width) {
        source = candidate;
      }
    }
    long granule = source.millis;
    long bucketMs = roundUp(width, granule);
    if (bucketCount(from, to, bucketMs) > maxPoints) {
      // Aligning the buckets to multiples of their width can add one at the edge.
      bucketMs = maxPoints > 1 ? roundUp(ceilDiv(range, maxPoints - 1), granule) : roundUp(to, granule);
    }
    long start = Math.floorDiv(from, bucketMs) * bucketMs;
    long end = (Math.floorDiv(to - 1, bucketMs) + 1) * bucketMs;
    return new HistoryPlan(source, bucketMs, start, end, false);
  }

  static long bucketCount(long from, long to, long bucketMs) {
    return Math.floorDiv(to - 1, bucketMs) - Math.floorDiv(from, bucketMs) + 1;
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }

  private static long roundUp(long value, long granule) {
    return ceilDiv(value, granule) * granule;
  }

  private HistoryPlanner() {
  }
}
