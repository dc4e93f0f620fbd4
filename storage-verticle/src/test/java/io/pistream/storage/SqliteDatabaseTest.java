package io.pistream.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The URLs carry the settings a Vert.x pool cannot be given any other way; the pools open them as these tests do. */
class SqliteDatabaseTest {

  @TempDir
  Path dir;

  @Test
  void theWriterUrlOpensInWalWithTheConfiguredSyncAndABusyTimeout() throws SQLException {
    Path file = dir.resolve(StorageConfig.DATABASE_FILE);
    try (Connection full = DriverManager.getConnection(SqliteDatabase.writerUrl(file, "full"));
        Connection normal = DriverManager.getConnection(SqliteDatabase.writerUrl(file, "normal"))) {
      assertThat(pragma(full, "journal_mode")).isEqualTo("wal");
      assertThat(pragma(full, "synchronous")).isEqualTo("2");
      assertThat(pragma(normal, "synchronous")).isEqualTo("1");
      assertThat(pragma(full, "busy_timeout")).isEqualTo("5000");
    }
  }

  @Test
  void theReaderUrlCannotWrite() throws SQLException {
    Path file = dir.resolve(StorageConfig.DATABASE_FILE);
    SqliteDatabase.openMigrated(file, "normal").close();
    try (Connection reader = DriverManager.getConnection(SqliteDatabase.readerUrl(file));
        Statement statement = reader.createStatement()) {
      assertThat(pragma(reader, "busy_timeout")).isEqualTo("5000");
      assertThatThrownBy(() -> statement.execute("INSERT INTO sensors (id, node, sensor) VALUES (1, 'n', 's')"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("readonly");
    }
  }

  private static String pragma(Connection connection, String name) throws SQLException {
    try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("PRAGMA " + name)) {
      rows.next();
      return rows.getString(1);
    }
  }
}
