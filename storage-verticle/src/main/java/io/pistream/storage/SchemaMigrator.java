package io.pistream.storage;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a database to the newest schema this code knows, one version per transaction, recording the
 * version in {@code PRAGMA user_version}. Blocking: run it off the event loop.
 */
final class SchemaMigrator {

  private static final Logger log = LoggerFactory.getLogger(SchemaMigrator.class);

  /** Index i holds the statements that take the schema from version i to i + 1. Append only. */
  static final List<List<String>> MIGRATIONS = List.of(version1(), version2());

  static int latestVersion() {
    return MIGRATIONS.size();
  }

  static void migrate(Connection connection, Path file) throws SQLException {
    migrate(connection, file, MIGRATIONS);
  }

  /** With another list of migrations: for tests that need one long enough to be interrupted. */
  static void migrate(Connection connection, Path file, List<List<String>> migrations) throws SQLException {
    int latest = migrations.size();
    int current = userVersion(connection);
    if (current > latest) {
      throw new SchemaTooNewException("database " + file + " has schema version " + current
          + " but this pistream knows versions up to " + latest
          + ": it was written by a newer pistream; run that version, or set storage.dataDir to another directory");
    }
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      for (int version = current + 1; version <= latest; version++) {
        for (String sql : migrations.get(version - 1)) {
          statement.execute(sql);
        }
        statement.execute("PRAGMA user_version = " + version);
        connection.commit();
        log.info("database {} migrated to schema version {}", file, version);
      }
    } catch (SQLException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  /** The tables of the newest schema. */
  static Set<String> tables() {
    Set<String> tables = new TreeSet<>(List.of("sensors", "readings_raw"));
    for (Resolution rollup : Resolution.ROLLUPS) {
      tables.add(rollup.table);
    }
    return tables;
  }

  static int userVersion(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("PRAGMA user_version")) {
      return rows.next() ? rows.getInt(1) : 0;
    }
  }

  private static List<String> version1() {
    List<String> sql = new ArrayList<>();
    sql.add("CREATE TABLE sensors ("
        + " id INTEGER PRIMARY KEY,"
        + " node TEXT NOT NULL,"
        + " sensor TEXT NOT NULL,"
        + " name TEXT NOT NULL DEFAULT '',"
        + " location TEXT NOT NULL DEFAULT '',"
        + " first_ts INTEGER,"
        + " last_ts INTEGER,"
        + " last_temperature_centi INTEGER,"
        + " last_humidity_centi INTEGER,"
        + " UNIQUE (node, sensor))");
    // Keyed by (sensor, time) without a rowid: the key is the data's natural order, so a range scan
    // reads consecutive pages and the table needs no second index.
    sql.add("CREATE TABLE readings_raw ("
        + " sensor_id INTEGER NOT NULL,"
        + " ts INTEGER NOT NULL,"
        + " temperature_centi INTEGER NOT NULL,"
        + " humidity_centi INTEGER NOT NULL,"
        + " PRIMARY KEY (sensor_id, ts)) WITHOUT ROWID");
    for (Resolution rollup : Resolution.ROLLUPS) {
      sql.add("CREATE TABLE " + rollup.table + " ("
          + " sensor_id INTEGER NOT NULL,"
          + " bucket INTEGER NOT NULL,"
          + " count INTEGER NOT NULL,"
          + " temperature_min INTEGER NOT NULL,"
          + " temperature_max INTEGER NOT NULL,"
          + " temperature_sum INTEGER NOT NULL,"
          + " humidity_min INTEGER NOT NULL,"
          + " humidity_max INTEGER NOT NULL,"
          + " humidity_sum INTEGER NOT NULL,"
          + " PRIMARY KEY (sensor_id, bucket)) WITHOUT ROWID");
    }
    return sql;
  }

  /**
   * The hourly digests of the raw rows that anti-entropy compares between storage nodes, filled from
   * the raw rows already stored. Whole hours only: its sums stay exact up to 2^32 rows an hour.
   */
  private static List<String> version2() {
    return List.of(
        "CREATE TABLE readings_digest ("
            + " sensor_id INTEGER NOT NULL,"
            + " bucket INTEGER NOT NULL,"
            + " count INTEGER NOT NULL,"
            + " hash_a INTEGER NOT NULL,"
            + " hash_b INTEGER NOT NULL,"
            + " PRIMARY KEY (sensor_id, bucket)) WITHOUT ROWID",
        "INSERT INTO readings_digest (sensor_id, bucket, count, hash_a, hash_b)"
            + " SELECT sensor_id, ts - ((ts % 3600000) + 3600000) % 3600000 AS hour, count(*), sum(" + RowHash.sqlA() + "), sum("
            + RowHash.sqlB() + ") FROM readings_raw GROUP BY sensor_id, hour");
  }

  private SchemaMigrator() {
  }
}
