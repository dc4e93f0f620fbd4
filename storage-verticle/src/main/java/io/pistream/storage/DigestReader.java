package io.pistream.storage;

import io.pistream.contracts.SyncDigest;
import io.pistream.contracts.SyncRows;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Reads what anti-entropy compares and hands out, on the read-only pool. */
final class DigestReader {

  private static final String WHOLE_HOURS = "SELECT bucket, count, hash_a, hash_b FROM readings_digest"
      + " WHERE sensor_id = ? AND bucket >= ? AND bucket < ? ORDER BY bucket";

  private static final String PART_OF_AN_HOUR = "SELECT count(*), coalesce(sum(" + RowHash.sqlA() + "), 0), coalesce(sum("
      + RowHash.sqlB() + "), 0) FROM readings_raw WHERE sensor_id = ? AND ts >= ? AND ts < ?";

  private static final String RAW_ROWS = "SELECT ts, temperature_centi, humidity_centi FROM readings_raw"
      + " WHERE sensor_id = ? AND ts >= ? AND ts < ? ORDER BY ts LIMIT ?";

  private final Supplier<Pool> readers;

  /** @param readers the current read-only pool: storage reopens its pools when the file was put back */
  DigestReader(Supplier<Pool> readers) {
    this.readers = readers;
  }

  /**
   * The non-empty hourly digests of one sensor in {@code [from, to)}, oldest first. {@code from} is a
   * whole hour; when {@code to} is not, the last hour is summed from its raw rows up to {@code to}, a
   * scan of at most an hour of readings.
   */
  Future<List<SyncDigest.Bucket>> hours(int sensorId, long from, long to) {
    long wholeUntil = Resolution.HOUR.bucketOf(to);
    Future<List<SyncDigest.Bucket>> whole = readers.get().preparedQuery(WHOLE_HOURS)
        .execute(Tuple.of(sensorId, from, wholeUntil))
        .map(rows -> {
          List<SyncDigest.Bucket> buckets = new ArrayList<>(rows.size() + 1);
          for (Row row : rows) {
            buckets.add(new SyncDigest.Bucket(row.getLong(0), row.getLong(1), row.getLong(2), row.getLong(3)));
          }
          return buckets;
        });
    if (wholeUntil == to || wholeUntil < from) {
      return whole;
    }
    return whole.compose(buckets -> readers.get().preparedQuery(PART_OF_AN_HOUR)
        .execute(Tuple.of(sensorId, wholeUntil, to))
        .map(rows -> {
          Row row = rows.iterator().next();
          if (row.getLong(0) > 0) {
            buckets.add(new SyncDigest.Bucket(wholeUntil, row.getLong(0), row.getLong(1), row.getLong(2)));
          }
          return buckets;
        }));
  }

  /** At most {@code limit} raw rows of one sensor in {@code [from, to)}, oldest first. */
  Future<SyncRows> rows(int sensorId, long from, long to, int limit) {
    return readers.get().preparedQuery(RAW_ROWS)
        .execute(Tuple.of(sensorId, from, to, limit + 1))
        .map(found -> {
          List<SyncRows.Row> rows = new ArrayList<>(Math.min(found.size(), limit));
          for (Row row : found) {
            if (rows.size() == limit) {
              break;
            }
            rows.add(new SyncRows.Row(row.getLong(0), row.getInteger(1), row.getInteger(2)));
          }
          return new SyncRows(rows, found.size() > limit);
        });
  }
}
