package io.pistream.storage;

import io.pistream.contracts.SensorKey;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.sqlite.SQLiteOpenMode;

/**
 * How pistream opens its SQLite file: WAL, so readers never wait for the writer nor it for them. The
 * settings travel in the JDBC URL, so that a plain connection and a Vert.x pool made from
 * {@code JDBCConnectOptions} open the file alike.
 */
final class SqliteDatabase {

  /** A sensors-table row as found when the database is opened; {@code lastTs} 0 when it has no reading. */
  record StoredSensor(int id, SensorKey key, String name, String location, long lastTs) {
  }

  private static final int BUSY_TIMEOUT_MS = 5000;

  /** @param synchronous {@code full} or {@code normal} */
  static String writerUrl(Path file, String synchronous) {
    return url(file) + "?journal_mode=WAL&synchronous=" + synchronous.toUpperCase(Locale.ROOT) + "&busy_timeout=" + BUSY_TIMEOUT_MS;
  }

  static String readerUrl(Path file) {
    return url(file) + "?open_mode=" + SQLiteOpenMode.READONLY.flag + "&busy_timeout=" + BUSY_TIMEOUT_MS;
  }

  /** Opens a writer connection on {@code file} with the schema brought up to date. Blocking. */
  static Connection openMigrated(Path file, String synchronous) throws SQLException {
    Connection connection = DriverManager.getConnection(writerUrl(file, synchronous));
    try {
      SchemaMigrator.migrate(connection, file);
      return connection;
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  static List<StoredSensor> storedSensors(Connection connection) throws SQLException {
    List<StoredSensor> sensors = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT id, node, sensor, name, location, coalesce(last_ts, 0) FROM sensors")) {
      while (rows.next()) {
        sensors.add(new StoredSensor(rows.getInt(1), new SensorKey(rows.getString(2), rows.getString(3)),
            rows.getString(4), rows.getString(5), rows.getLong(6)));
      }
    }
    return sensors;
  }

  private static String url(Path file) {
    return "jdbc:sqlite:" + file.toAbsolutePath();
  }

  private SqliteDatabase() {
  }
}
