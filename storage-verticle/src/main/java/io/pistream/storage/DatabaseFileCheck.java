package io.pistream.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteOpenMode;

/**
 * Looks at an existing database file before storage writes to it, reading only: opening it for writing
 * would switch it to WAL and create pistream's tables, which changes a file that is not ours. Refuses a
 * file that is not SQLite, the database of another application, a truncated file, one whose schema is
 * newer than this code, and, when {@code checkAtStart} asks for it, one that fails {@code PRAGMA
 * quick_check}. Blocking.
 */
final class DatabaseFileCheck {

  private static final Logger log = LoggerFactory.getLogger(DatabaseFileCheck.class);
  private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
  private static final int HEADER_BYTES = 100;
  private static final int QUICK_CHECK_LINES = 5;

  /**
   * @param checkAtStart {@code always}: quick_check every time; {@code auto}: only after an unclean
   *     stop (a write-ahead log was left beside the file); {@code never}
   * @param settingPath the setting to name when the operator should point storage elsewhere
   */
  static void requireUsable(Path file, String checkAtStart, String settingPath) throws SQLException {
    long size;
    try {
      if (!Files.exists(file) || (size = Files.size(file)) == 0) {
        return;
      }
    } catch (IOException e) {
      throw new DatabaseFileException("cannot read database file " + file + ": " + e);
    }
    String advice = "; pistream left it untouched: move it aside (or restore a backup), or set " + settingPath
        + " to another directory";
    byte[] header = header(file);
    if (header.length < HEADER_BYTES || !startsWithMagic(header)) {
      throw new DatabaseFileException("database file " + file + " is not an SQLite database (" + size
          + " bytes that do not start with the SQLite header)" + advice);
    }
    boolean uncleanStop = Files.exists(file.resolveSibling(file.getFileName() + "-wal"));
    long declared = declaredBytes(header);
    // After an unclean stop a checkpoint may have been cut short, its pages still in the log: only a
    // cleanly closed file must be as long as its header says.
    if (!uncleanStop && declared > size) {
      throw new DatabaseFileException("database file " + file + " is truncated: its header declares " + declared
          + " bytes but the file has " + size + advice);
    }
    try (Connection connection = DriverManager.getConnection(readOnlyUrl(file))) {
      int version = SchemaMigrator.userVersion(connection);
      Set<String> tables = tables(connection);
      if (version > SchemaMigrator.latestVersion()) {
        throw new SchemaTooNewException("database " + file + " has schema version " + version
            + " but this pistream knows versions up to " + SchemaMigrator.latestVersion()
            + ": it was written by a newer pistream; run that version, or set " + settingPath + " to another directory");
      }
      if (version == 0 && !tables.isEmpty()) {
        throw new DatabaseFileException("database file " + file + " belongs to another application: it holds the tables "
            + tables + " and no pistream schema version" + advice);
      }
      Set<String> missing = new TreeSet<>(SchemaMigrator.tables());
      missing.removeAll(tables);
      if (version > 0 && !missing.isEmpty()) {
        throw new DatabaseFileException("database file " + file + " says pistream schema version " + version
            + " but lacks the tables " + missing + advice);
      }
      if (checkAtStart.equals("always") || (checkAtStart.equals("auto") && uncleanStop)) {
        quickCheck(connection, file, advice);
      }
    } catch (SQLException e) {
      if (WriteFault.reason(errorCode(e)).equals("database damaged")) {
        throw new DatabaseFileException("database file " + file + " is damaged: " + e.getMessage() + advice);
      }
      throw e;
    }
  }

  private static void quickCheck(Connection connection, Path file, String advice) throws SQLException {
    long started = System.nanoTime();
    List<String> problems = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("PRAGMA quick_check(" + QUICK_CHECK_LINES + ")")) {
      while (rows.next()) {
        problems.add(rows.getString(1));
      }
    }
    if (!problems.equals(List.of("ok"))) {
      throw new DatabaseFileException("database file " + file + " is damaged: quick_check found " + problems + advice);
    }
    log.info("database {} passed quick_check in {} ms", file, (System.nanoTime() - started) / 1_000_000);
  }

  private static byte[] header(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(HEADER_BYTES);
    } catch (IOException e) {
      throw new DatabaseFileException("cannot read database file " + file + ": " + e);
    }
  }

  private static boolean startsWithMagic(byte[] header) {
    for (int i = 0; i < MAGIC.length; i++) {
      if (header[i] != MAGIC[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * The size the header declares (page size times page count), or 0 when the count is not to be trusted:
   * SQLite itself ignores it unless the change counter matches the version-valid-for number.
   */
  private static long declaredBytes(byte[] header) {
    ByteBuffer bytes = ByteBuffer.wrap(header);
    int pageSize = Short.toUnsignedInt(bytes.getShort(16));
    long pageBytes = pageSize == 1 ? 65_536 : pageSize;
    long pages = Integer.toUnsignedLong(bytes.getInt(28));
    boolean countValid = bytes.getInt(24) == bytes.getInt(92);
    return countValid ? pageBytes * pages : 0;
  }

  private static Set<String> tables(Connection connection) throws SQLException {
    Set<String> tables = new TreeSet<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
      while (rows.next()) {
        tables.add(rows.getString(1));
      }
    }
    return tables;
  }

  private static String readOnlyUrl(Path file) {
    return "jdbc:sqlite:" + file.toAbsolutePath() + "?open_mode=" + SQLiteOpenMode.READONLY.flag;
  }

  private static org.sqlite.SQLiteErrorCode errorCode(SQLException e) {
    return e instanceof org.sqlite.SQLiteException sqlite ? sqlite.getResultCode() : null;
  }

  private DatabaseFileCheck() {
  }
}
