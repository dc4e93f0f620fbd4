package io.pistream.storage;

import java.util.ArrayList;
import java.util.List;

/**
 * The statements that write a batch of readings, with their parameter rows: the one definition the
 * verticle's writer and the bulk loader both execute, in one transaction and in this order:
 * {@link #newSensors}, {@link #raw}, then {@link #derived} from the raw insert's update counts.
 */
final class ReadingSql {

  /**
   * What the rows a raw insert really added (not duplicates) add to the derived data: the upserts of
   * the three rollup tables and of the hourly digests, and the update of each sensor's first/last reading.
   */
  record Derived(long inserted, List<SqlBatch> statements) {
  }

  static final String UPSERT_SENSOR_META =
      "INSERT INTO sensors (id, node, sensor, name, location) VALUES (?, ?, ?, ?, ?)"
          + " ON CONFLICT (node, sensor) DO UPDATE SET name = excluded.name, location = excluded.location";

  private static final String INSERT_SENSOR =
      "INSERT INTO sensors (id, node, sensor) VALUES (?, ?, ?) ON CONFLICT (node, sensor) DO NOTHING";

  private static final String INSERT_RAW =
      "INSERT INTO readings_raw (sensor_id, ts, temperature_centi, humidity_centi) VALUES (?, ?, ?, ?)"
          + " ON CONFLICT (sensor_id, ts) DO NOTHING";

  private static final String UPSERT_DIGEST =
      "INSERT INTO readings_digest (sensor_id, bucket, count, hash_a, hash_b) VALUES (?, ?, ?, ?, ?)"
          + " ON CONFLICT (sensor_id, bucket) DO UPDATE SET count = count + excluded.count,"
          + " hash_a = hash_a + excluded.hash_a, hash_b = hash_b + excluded.hash_b";

  private static final String UPDATE_SENSOR_SPAN =
      "UPDATE sensors SET"
          + " first_ts = CASE WHEN first_ts IS NULL OR ? < first_ts THEN ? ELSE first_ts END,"
          + " last_temperature_centi = CASE WHEN last_ts IS NULL OR ? > last_ts THEN ? ELSE last_temperature_centi END,"
          + " last_humidity_centi = CASE WHEN last_ts IS NULL OR ? > last_ts THEN ? ELSE last_humidity_centi END,"
          + " last_ts = CASE WHEN last_ts IS NULL OR ? > last_ts THEN ? ELSE last_ts END"
          + " WHERE id = ?";

  static SqlBatch newSensors(List<SensorRegistry.Sensor> sensors) {
    List<Object[]> rows = new ArrayList<>(sensors.size());
    for (SensorRegistry.Sensor s : sensors) {
      rows.add(new Object[] {s.id(), s.key().node(), s.key().sensor()});
    }
    return new SqlBatch(INSERT_SENSOR, rows);
  }

  /** Duplicates of stored readings are skipped; their update count is 0. */
  static SqlBatch raw(ReadingBatch batch) {
    List<Object[]> rows = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      rows.add(new Object[] {batch.sensorId(i), batch.ts(i), batch.temperatureCenti(i), batch.humidityCenti(i)});
    }
    return new SqlBatch(INSERT_RAW, rows);
  }

  /** @param rawCounts the update counts of {@link #raw}{@code (batch)}, one per reading */
  static Derived derived(ReadingBatch batch, int[] rawCounts) {
    if (rawCounts.length != batch.size()) {
      throw new IllegalStateException("batch insert reported " + rawCounts.length + " results for " + batch.size() + " rows");
    }
    BatchTotals totals = new BatchTotals();
    for (int i = 0; i < rawCounts.length; i++) {
      if (rawCounts[i] > 0) {
        totals.addInserted(batch.sensorId(i), batch.ts(i), batch.temperatureCenti(i), batch.humidityCenti(i));
      }
    }
    List<SqlBatch> statements = new ArrayList<>();
    for (RollupAccumulator rollup : totals.rollups()) {
      List<Object[]> rows = new ArrayList<>();
      for (RollupAccumulator.Bucket b : rollup.buckets()) {
        rows.add(new Object[] {b.sensorId(), b.start(), b.count(), b.temperatureMin(), b.temperatureMax(),
            b.temperatureSum(), b.humidityMin(), b.humidityMax(), b.humiditySum()});
      }
      statements.add(new SqlBatch(upsertRollup(rollup.resolution()), rows));
    }
    List<Object[]> digests = new ArrayList<>();
    for (DigestAccumulator.Bucket b : totals.digests().buckets()) {
      digests.add(new Object[] {b.sensorId(), b.start(), b.count(), b.hashA(), b.hashB()});
    }
    statements.add(new SqlBatch(UPSERT_DIGEST, digests));
    List<Object[]> spans = new ArrayList<>();
    for (BatchTotals.Span s : totals.spans()) {
      spans.add(new Object[] {s.firstTs(), s.firstTs(), s.lastTs(), s.lastTemperatureCenti(), s.lastTs(),
          s.lastHumidityCenti(), s.lastTs(), s.lastTs(), s.sensorId()});
    }
    statements.add(new SqlBatch(UPDATE_SENSOR_SPAN, spans));
    return new Derived(totals.inserted(), statements);
  }

  private static String upsertRollup(Resolution resolution) {
    return "INSERT INTO " + resolution.table
        + " (sensor_id, bucket, count, temperature_min, temperature_max, temperature_sum,"
        + " humidity_min, humidity_max, humidity_sum) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
        + " ON CONFLICT (sensor_id, bucket) DO UPDATE SET"
        + " count = count + excluded.count,"
        + " temperature_min = min(temperature_min, excluded.temperature_min),"
        + " temperature_max = max(temperature_max, excluded.temperature_max),"
        + " temperature_sum = temperature_sum + excluded.temperature_sum,"
        + " humidity_min = min(humidity_min, excluded.humidity_min),"
        + " humidity_max = max(humidity_max, excluded.humidity_max),"
        + " humidity_sum = humidity_sum + excluded.humidity_sum";
  }

  private ReadingSql() {
  }
}
