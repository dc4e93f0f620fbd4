package io.pistream.storage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sums the rows one write really inserted into the hourly digests of {@code readings_digest}: their
 * count and the sums of their {@link RowHash}es, merged into the stored rows by one upsert per hour.
 */
final class DigestAccumulator {

  /** One hour of one sensor: rows inserted, and the sums of their two hashes. */
  record Bucket(int sensorId, long start, long count, long hashA, long hashB) {
  }

  private record Key(int sensorId, long start) {
  }

  private final Map<Key, long[]> totals = new HashMap<>();

  void add(int sensorId, long ts, int temperatureCenti, int humidityCenti) {
    long[] bucket = totals.computeIfAbsent(new Key(sensorId, Resolution.HOUR.bucketOf(ts)), k -> new long[3]);
    bucket[0]++;
    bucket[1] += RowHash.a(ts, temperatureCenti, humidityCenti);
    bucket[2] += RowHash.b(ts, temperatureCenti, humidityCenti);
  }

  List<Bucket> buckets() {
    List<Bucket> buckets = new ArrayList<>(totals.size());
    totals.forEach((key, t) -> buckets.add(new Bucket(key.sensorId, key.start, t[0], t[1], t[2])));
    return buckets;
  }
}
