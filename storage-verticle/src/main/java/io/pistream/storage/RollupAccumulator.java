package io.pistream.storage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sums the readings of one write into the buckets of one rollup table, so that the transaction does
 * one upsert per touched bucket rather than one per reading.
 */
final class RollupAccumulator {

  /** One bucket's totals, in hundredths; merged into the stored row by the upserts of {@link ReadingSql#derived}. */
  record Bucket(int sensorId, long start, long count, int temperatureMin, int temperatureMax, long temperatureSum,
      int humidityMin, int humidityMax, long humiditySum) {
  }

  private record Key(int sensorId, long start) {
  }

  private static final class Totals {
    long count;
    int temperatureMin = Integer.MAX_VALUE;
    int temperatureMax = Integer.MIN_VALUE;
    long temperatureSum;
    int humidityMin = Integer.MAX_VALUE;
    int humidityMax = Integer.MIN_VALUE;
    long humiditySum;
  }

  private final Resolution resolution;
  private final Map<Key, Totals> totals = new HashMap<>();
  private Key lastKey;
  private Totals lastTotals;

  RollupAccumulator(Resolution resolution) {
    this.resolution = resolution;
  }

  Resolution resolution() {
    return resolution;
  }

  void add(int sensorId, long ts, int temperatureCenti, int humidityCenti) {
    long start = resolution.bucketOf(ts);
    Totals bucket;
    // Readings mostly arrive in time order per sensor, so consecutive ones share a bucket.
    if (lastKey != null && lastKey.sensorId == sensorId && lastKey.start == start) {
      bucket = lastTotals;
    } else {
      Key key = new Key(sensorId, start);
      bucket = totals.computeIfAbsent(key, k -> new Totals());
      lastKey = key;
      lastTotals = bucket;
    }
    bucket.count++;
    bucket.temperatureMin = Math.min(bucket.temperatureMin, temperatureCenti);
    bucket.temperatureMax = Math.max(bucket.temperatureMax, temperatureCenti);
    bucket.temperatureSum += temperatureCenti;
    bucket.humidityMin = Math.min(bucket.humidityMin, humidityCenti);
    bucket.humidityMax = Math.max(bucket.humidityMax, humidityCenti);
    bucket.humiditySum += humidityCenti;
  }

  boolean isEmpty() {
    return totals.isEmpty();
  }

  List<Bucket> buckets() {
    List<Bucket> buckets = new ArrayList<>(totals.size());
    totals.forEach((key, t) -> buckets.add(new Bucket(key.sensorId, key.start, t.count, t.temperatureMin,
        t.temperatureMax, t.temperatureSum, t.humidityMin, t.humidityMax, t.humiditySum)));
    return buckets;
  }
}
