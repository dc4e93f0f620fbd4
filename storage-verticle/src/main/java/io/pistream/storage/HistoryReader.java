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

/** Runs a {@link HistoryPlan} for one sensor on the read-only pool. */
final class HistoryReader {

  private static final String RAW_ROWS = "SELECT ts, temperature_centi, humidity_centi FROM readings_raw"
      + " WHERE sensor_id = ? AND ts >= ? AND ts < ? ORDER BY ts LIMIT ?";

  private static final String RAW_BUCKETS = "SELECT ts - ts % ? AS b, count(*),"
      + " min(temperature_centi), max(temperature_centi), sum(temperature_centi),"
      + " min(humidity_centi), max(humidity_centi), sum(humidity_centi)"
      + " FROM readings_raw WHERE sensor_id = ? AND ts >= ? AND ts < ? GROUP BY b ORDER BY b";

  private final Pool readers;

  HistoryReader(Pool readers) {
    this.readers = readers;
  }

  Future<HistorySeries> read(SensorRegistry.Sensor sensor, HistoryPlan plan, int maxPoints) {
    if (plan.raw()) {
      return readers.preparedQuery(RAW_ROWS)
          .execute(Tuple.of(sensor.id, plan.start(), plan.end(), maxPoints))
          .map(rows -> series(sensor, rawPoints(rows)));
    }
    return readers.preparedQuery(bucketSql(plan.source()))
        .execute(Tuple.of(plan.bucketMs(), sensor.id, plan.start(), plan.end()))
        .map(rows -> series(sensor, bucketPoints(rows)));
  }

  private static String bucketSql(Resolution source) {
    if (source == Resolution.RAW) {
      return RAW_BUCKETS;
    }
    return "SELECT bucket - bucket % ? AS b, sum(count),"
        + " min(temperature_min), max(temperature_max), sum(temperature_sum),"
        + " min(humidity_min), max(humidity_max), sum(humidity_sum)"
        + " FROM " + source.table + " WHERE sensor_id = ? AND bucket >= ? AND bucket < ? GROUP BY b ORDER BY b";
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

  private static List<HistoryPoint> bucketPoints(RowSet<Row> rows) {
    List<HistoryPoint> points = new ArrayList<>(rows.size());
    for (Row row : rows) {
      long count = row.getLong(1);
      points.add(new HistoryPoint(row.getLong(0), count,
          CentiUnits.value(row.getLong(2)), CentiUnits.average(row.getLong(4), count), CentiUnits.value(row.getLong(3)),
          CentiUnits.value(row.getLong(5)), CentiUnits.average(row.getLong(7), count), CentiUnits.value(row.getLong(6))));
    }
    return points;
  }

  private static HistorySeries series(SensorRegistry.Sensor sensor, List<HistoryPoint> points) {
    return new HistorySeries(sensor.key.node(), sensor.key.sensor(), points);
  }
}
