package io.pistream.storage;

import io.pistream.contracts.SensorKey;
import io.vertx.core.json.JsonObject;
import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes every raw reading as CSV, one file per sensor, in the columns of the API's
 * {@code GET /api/readings.csv?raw=true} (count 1, min = avg = max). Only raw readings are exported:
 * history older than {@code storage.retentionDays} exists only as rollups, which the API serves. Reads
 * through a read-only connection, so it works while a server writes. Blocking.
 */
public final class ReadingExport {

  /** Same as the web verticle's CsvWriter.HEADER: an export is what the API would answer. */
  public static final String HEADER = "time,node,sensor,count,"
      + "temperature_min_c,temperature_avg_c,temperature_max_c,humidity_min_pct,humidity_avg_pct,humidity_max_pct";
  static final String LINE_END = "\r\n";

  /** One file written. */
  public record SensorFile(SensorKey sensor, Path file, long readings, long firstTs, long lastTs) {
  }

  /** What was written, and the start of the oldest rollup (0: none). */
  public record Summary(List<SensorFile> files, long oldestRollupTs) {

    public long readings() {
      return files.stream().mapToLong(SensorFile::readings).sum();
    }

    /** The oldest raw reading exported; 0 when none. */
    public long oldestRawTs() {
      return files.stream().filter(f -> f.readings() > 0).mapToLong(SensorFile::firstTs).min().orElse(0);
    }

    /** Whether older history than the export holds exists as rollups only (pruned by the raw retention). */
    public boolean olderHistoryAsRollupsOnly() {
      return oldestRollupTs > 0 && (oldestRawTs() == 0 || oldestRollupTs < oldestRawTs() - Resolution.MINUTE.millis);
    }
  }

  /**
   * @param storageSection the {@code storage} section of the config
   * @param only the sensor to export, or null for all
   */
  public static Summary export(JsonObject storageSection, Path dir, SensorKey only) {
    Path database = StorageConfig.from(storageSection).databaseFile().toAbsolutePath();
    if (!Files.isRegularFile(database)) {
      throw new BackupException("no database at " + database + ": is storage.dataDir right (--config)?");
    }
    try {
      Files.createDirectories(dir);
      DatabaseFileCheck.requireUsable(database, "never", StorageConfig.SECTION + ".dataDir");
    } catch (IOException e) {
      throw new BackupException("cannot create the export directory " + dir + ": " + e);
    } catch (IllegalStateException | SQLException e) {
      throw new BackupException(e.getMessage());
    }
    try (Connection connection = DriverManager.getConnection(SqliteDatabase.readerUrl(database))) {
      // One read transaction: every file shows the same moment.
      connection.setAutoCommit(false);
      List<SensorFile> files = new ArrayList<>();
      for (SqliteDatabase.StoredSensor sensor : SqliteDatabase.storedSensors(connection)) {
        if (only == null || only.equals(sensor.key())) {
          files.add(write(connection, sensor, dir));
        }
      }
      if (only != null && files.isEmpty()) {
        throw new BackupException("no sensor " + only + " in " + database);
      }
      long oldestRollup;
      try (Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT coalesce(min(bucket), 0) FROM readings_minute")) {
        oldestRollup = rows.next() ? rows.getLong(1) : 0;
      }
      connection.rollback();
      return new Summary(files, oldestRollup);
    } catch (SQLException e) {
      throw new BackupException("reading " + database + " failed: " + e.getMessage());
    } catch (IOException e) {
      throw new BackupException("writing the export to " + dir + " failed: " + e);
    }
  }

  private static SensorFile write(Connection connection, SqliteDatabase.StoredSensor sensor, Path dir) throws SQLException, IOException {
    Path file = dir.resolve(fileName(sensor.key()));
    long count = 0;
    long first = 0;
    long last = 0;
    String node = field(sensor.key().node());
    String name = field(sensor.key().sensor());
    try (PreparedStatement select = connection.prepareStatement(
            "SELECT ts, temperature_centi, humidity_centi FROM readings_raw WHERE sensor_id = ? ORDER BY ts");
        BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      select.setInt(1, sensor.id());
      out.write(HEADER);
      out.write(LINE_END);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          long ts = rows.getLong(1);
          String t = number(rows.getLong(2));
          String h = number(rows.getLong(3));
          out.write(Instant.ofEpochMilli(ts) + "," + node + "," + name + ",1," + t + "," + t + "," + t + "," + h + "," + h + "," + h + LINE_END);
          first = count == 0 ? ts : first;
          last = ts;
          count++;
        }
      }
    }
    return new SensorFile(sensor.key(), file, count, first, last);
  }

  static String fileName(SensorKey key) {
    return (key.node() + "_" + key.sensor()).replaceAll("[^A-Za-z0-9._-]", "_") + ".csv";
  }

  static String number(long centi) {
    return BigDecimal.valueOf(centi, 2).stripTrailingZeros().toPlainString();
  }

  private static String field(String value) {
    boolean needsQuotes = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0;
    return needsQuotes ? '"' + value.replace("\"", "\"\"") + '"' : value;
  }

  private ReadingExport() {
  }
}
