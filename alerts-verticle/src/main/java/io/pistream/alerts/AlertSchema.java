package io.pistream.alerts;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert state file's schema, brought to the newest version one transaction per version, the version
 * kept in {@code PRAGMA user_version}. Alerts and notifications are stored as their JSON beside the few
 * columns queries need, so a new field needs no migration. Blocking: run it off the event loop.
 */
final class AlertSchema {

  private static final Logger log = LoggerFactory.getLogger(AlertSchema.class);

  /** Index i holds the statements that take the schema from version i to i + 1. Append only. */
  static final List<List<String>> MIGRATIONS = List.of(List.of(
      "CREATE TABLE active_alerts ("
          + " id TEXT PRIMARY KEY,"
          + " rule TEXT NOT NULL,"
          + " subject TEXT NOT NULL,"
          + " alert TEXT NOT NULL,"
          + " UNIQUE (rule, subject))",
      "CREATE TABLE alert_history ("
          + " id TEXT PRIMARY KEY,"
          + " resolved_at INTEGER NOT NULL,"
          + " event TEXT NOT NULL)",
      "CREATE INDEX alert_history_by_time ON alert_history (resolved_at)",
      // One row per notification and channel, so each channel retries on its own.
      "CREATE TABLE outbox ("
          + " notification_id TEXT NOT NULL,"
          + " channel TEXT NOT NULL,"
          + " position INTEGER NOT NULL,"
          + " attempts INTEGER NOT NULL,"
          + " next_try_at INTEGER NOT NULL,"
          + " notification TEXT NOT NULL,"
          + " PRIMARY KEY (notification_id, channel))",
      "CREATE TABLE known_nodes ("
          + " node TEXT PRIMARY KEY,"
          + " name TEXT NOT NULL,"
          + " roles TEXT NOT NULL,"
          + " every_ms INTEGER NOT NULL)"));

  static void migrate(Connection connection, Path file) throws SQLException {
    int latest = MIGRATIONS.size();
    int current = userVersion(connection);
    if (current > latest) {
      throw new IllegalStateException("alert state " + file + " has schema version " + current + " but this pistream knows versions up to "
          + latest + ": it was written by a newer pistream; run that version, or set alerts.dataDir to another directory");
    }
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      for (int version = current + 1; version <= latest; version++) {
        for (String sql : MIGRATIONS.get(version - 1)) {
          statement.execute(sql);
        }
        statement.execute("PRAGMA user_version = " + version);
        connection.commit();
        log.info("alert state {} migrated to schema version {}", file, version);
      }
    } catch (SQLException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  static int userVersion(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("PRAGMA user_version")) {
      return rows.next() ? rows.getInt(1) : 0;
    }
  }

  private AlertSchema() {
  }
}
