package io.pistream.storage;

import io.pistream.contracts.SyncDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/** Coarser digests from hourly ones, and where two nodes' digests differ. */
final class DigestBuckets {

  /** Sums hourly digests into buckets {@code width} long, aligned on {@code since}; oldest first. */
  static List<SyncDigest.Bucket> regroup(List<SyncDigest.Bucket> hours, long since, long width) {
    Map<Long, long[]> sums = new TreeMap<>();
    for (SyncDigest.Bucket hour : hours) {
      long start = since + Math.floorDiv(hour.start() - since, width) * width;
      long[] sum = sums.computeIfAbsent(start, s -> new long[3]);
      sum[0] += hour.count();
      // Wraps past 2^63 alike on every node, so sums of equal rows stay equal.
      sum[1] += hour.hashA();
      sum[2] += hour.hashB();
    }
    List<SyncDigest.Bucket> buckets = new ArrayList<>(sums.size());
    sums.forEach((start, sum) -> buckets.add(new SyncDigest.Bucket(start, sum[0], sum[1], sum[2])));
    return buckets;
  }

  /** The starts of the buckets that are not the same on both sides, one side missing included; ascending. */
  static List<Long> differing(List<SyncDigest.Bucket> mine, List<SyncDigest.Bucket> theirs) {
    Map<Long, SyncDigest.Bucket> byStart = new TreeMap<>();
    mine.forEach(b -> byStart.put(b.start(), b));
    TreeSet<Long> differ = new TreeSet<>();
    for (SyncDigest.Bucket their : theirs) {
      if (!Objects.equals(byStart.remove(their.start()), their)) {
        differ.add(their.start());
      }
    }
    differ.addAll(byStart.keySet());
    return new ArrayList<>(differ);
  }

  private DigestBuckets() {
  }
}
