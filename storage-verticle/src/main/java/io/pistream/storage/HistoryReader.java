package io.pistream.storage;

import io.pistream.contracts.HistoryPoint;
import io.pistream.contracts.HistorySeries;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Runs a {@link HistoryPlan} for one sensor on the read-only pool. */
final class HistoryReader {

  private static final String RAW_ROWS = "SELECT ts, temperature_centi, humidity_centi FROM readings_raw"
      + " WHERE sensor_id = ? AND ts >= ? AND ts < ? ORDER BY ts LIMIT ?";

  private static final int AGGREGATES = 7;

  private final Supplier<Pool> pool;

  /** @param pool the current reader pool: storage opens new ones when it restores a deleted file */
  HistoryReader(Supplier<Pool> pool) {
    this.pool = pool;
  }

  /**
   * @param unwritten the sensor's readings in the plan's range that the database does not have yet,
   *     asked for when the database answered (on the event loop); they are added to the stored ones
   */
  Future<HistorySeries> read(SensorRegistry.Sensor sensor, HistoryPlan plan, int maxPoints, Supplier<ReadingBatch> unwritten) {
    Pool readers = pool.get();
    if (plan.raw()) {
      return readers.preparedQuery(RAW_ROWS)
          .execute(Tuple.of(sensor.id(), plan.start(), plan.end(), maxPoints))
          .map(rows -> series(sensor, withUnwrittenRows(rawPoints(rows), unwritten.get(), maxPoints)));
    }
    return readers.preparedQuery(bucketSql(plan.source()))
        .execute(Tuple.of(plan.start(), plan.bucketMs(), plan.bucketMs(), plan.end(), sensor.id(), plan.bucketMs()))
        .map(rows -> series(sensor, bucketPoints(rows, unwrittenTotals(unwritten.get(), plan))));
  }

  /** Raw rows are oldest first and at most maxPoints: the unwritten ones are newer than every stored one. */
  private static List<HistoryPoint> withUnwrittenRows(List<HistoryPoint> stored, ReadingBatch unwritten, int maxPoints) {
    if (unwritten.isEmpty() || stored.size() >= maxPoints) {
      return stored;
    }
    List<HistoryPoint> newer = new ArrayList<>(unwritten.size());
    for (int i = 0; i < unwritten.size(); i++) {
      double temperature = CentiUnits.value(unwritten.temperatureCenti(i));
      double humidity = CentiUnits.value(unwritten.humidityCenti(i));
      newer.add(new HistoryPoint(unwritten.ts(i), 1, temperature, temperature, temperature, humidity, humidity, humidity));
    }
    newer.sort(Comparator.comparingLong(HistoryPoint::ts));
    List<HistoryPoint> points = new ArrayList<>(stored);
    points.addAll(newer.subList(0, Math.min(newer.size(), maxPoints - stored.size())));
    return points;
  }

  /** The unwritten readings' totals per bucket of the plan, in the order of {@link #AGGREGATES}. */
  private static Map<Long, long[]> unwrittenTotals(ReadingBatch unwritten, HistoryPlan plan) {
    Map<Long, long[]> byBucket = new HashMap<>();
    for (int i = 0; i < unwritten.size(); i++) {
      long bucket = plan.start() + Math.floorDiv(unwritten.ts(i) - plan.start(), plan.bucketMs()) * plan.bucketMs();
      long[] totals = byBucket.computeIfAbsent(bucket, b -> new long[] {0, Long.MAX_VALUE, Long.MIN_VALUE, 0, Long.MAX_VALUE, Long.MIN_VALUE, 0});
      int t = unwritten.temperatureCenti(i);
      int h = unwritten.humidityCenti(i);
      totals[0]++;
      totals[1] = Math.min(totals[1], t);
      totals[2] = Math.max(totals[2], t);
      totals[3] += t;
      totals[4] = Math.min(totals[4], h);
      totals[5] = Math.max(totals[5], h);
      totals[6] += h;
    }
    return byBucket;
  }

  /**
   * One aggregate per bucket, each a seek plus a short range scan of the primary key. A plain
   * {@code GROUP BY ts - ts % width} sorts every row read first, which took three times as long.
   * The aggregates come back as one JSON array per bucket because SQLite has no lateral join.
   */
  private static String bucketSql(Resolution source) {
    String time = source == Resolution.RAW ? "ts" : "bucket";
    String aggregates = source == Resolution.RAW
        ? "count(*), min(temperature_centi), max(temperature_centi), sum(temperature_centi),"
            + " min(humidity_centi), max(humidity_centi), sum(humidity_centi)"
        : "sum(count), min(temperature_min), max(temperature_max), sum(temperature_sum),"
            + " min(humidity_min), max(humidity_max), sum(humidity_sum)";
    return "WITH RECURSIVE buckets(start) AS (SELECT ? UNION ALL SELECT start + ? FROM buckets WHERE start + ? < ?)"
        + " SELECT start, (SELECT json_array(" + aggregates + ") FROM " + source.table
        + " WHERE sensor_id = ? AND " + time + " >= start AND " + time + " < start + ?) FROM buckets";
  }

  private static List<HistoryPoint> rawPoints(RowSet<Row> rows) {
    List<HistoryPoint> points = new ArrayList<>(rows.size());
    for (Row row : rows) {
      double temperature = CentiUnits.value(row.getLong(1));
      double humidity = CentiUnits.value(row.getLong(2));
      points.add(new HistoryPoint(row.getLong(0), 1, temperature, temperature, temperature, humidity, humidity, humidity));
    }
    return points;
  }

  private static List<HistoryPoint> bucketPoints(RowSet<Row> rows, Map<Long, long[]> unwritten) {
    List<HistoryPoint> points = new ArrayList<>(rows.size());
    long[] totals = new long[AGGREGATES];
    for (Row row : rows) {
      boolean stored = parseTotals(row.getString(1), totals);
      long[] extra = unwritten.get(row.getLong(0));
      if (!stored && extra == null) {
        continue;
      }
      if (!stored) {
        System.arraycopy(extra, 0, totals, 0, AGGREGATES);
      } else if (extra != null) {
        add(totals, extra);
      }
      long count = totals[0];
      points.add(new HistoryPoint(row.getLong(0), count,
          CentiUnits.value(totals[1]), CentiUnits.average(totals[3], count), CentiUnits.value(totals[2]),
          CentiUnits.value(totals[4]), CentiUnits.average(totals[6], count), CentiUnits.value(totals[5])));
    }
    return points;
  }

  /**
   * Reads the bucket's {@code json_array} of whole numbers into {@code totals}; false for an empty
   * bucket. Read by hand: a JSON parser per bucket took 1 ms of the event loop per thousand buckets
   * on the Pi's JVM, this takes a tenth of that.
   */
  static boolean parseTotals(String json, long[] totals) {
    // No rows: a rollup's sum(count) is null and a raw count(*) is 0, with null aggregates after it.
    if (json == null || json.startsWith("[null") || json.startsWith("[0,")) {
      return false;
    }
    int at = 1;
    for (int i = 0; i < totals.length; i++) {
      boolean negative = json.charAt(at) == '-';
      if (negative) {
        at++;
      }
      int start = at;
      long value = 0;
      char c;
      while ((c = json.charAt(at)) >= '0' && c <= '9') {
        value = value * 10 + (c - '0');
        at++;
      }
      if (at == start || (c != ',' && c != ']') || (c == ']') != (i == totals.length - 1)) {
        throw new IllegalStateException("unexpected bucket aggregates from SQLite: " + json);
      }
      totals[i] = negative ? -value : value;
      at++;
    }
    return true;
  }

  /** Adds one bucket's totals (count, tMin, tMax, tSum, hMin, hMax, hSum) to another's. */
  private static void add(long[] totals, long[] extra) {
    totals[0] += extra[0];
    totals[1] = Math.min(totals[1], extra[1]);
    totals[2] = Math.max(totals[2], extra[2]);
    totals[3] += extra[3];
    totals[4] = Math.min(totals[4], extra[4]);
    totals[5] = Math.max(totals[5], extra[5]);
    totals[6] += extra[6];
  }

  private static HistorySeries series(SensorRegistry.Sensor sensor, List<HistoryPoint> points) {
    return new HistorySeries(sensor.key().node(), sensor.key().sensor(), points);
  }
}
