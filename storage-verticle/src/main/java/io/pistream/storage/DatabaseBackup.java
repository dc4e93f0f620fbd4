package io.pistream.storage;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A consistent copy of a pistream database made with {@code VACUUM INTO} from a read-only connection:
 * in WAL mode that connection reads one snapshot while a running storage verticle goes on writing, so
 * the copy holds every commit made before it started and none after. The copy is written to a hidden
 * temporary file beside the target, checked with {@code PRAGMA integrity_check}, and only then renamed
 * to the target. Blocking: run it on a worker.
 */
public final class DatabaseBackup {

  /** What the copy holds and what it took. */
  public record Result(Path file, long bytes, long rawReadings, long rollupMinutes, int sensors, int schemaVersion, long millis) {
  }

  private static final int INTEGRITY_LINES = 5;

  /** The database file of a data directory, as storage names it. */
  public static Path databaseFile(Path dataDir) {
    return dataDir.resolve(StorageConfig.DATABASE_FILE);
  }

  /**
   * Copies {@code database} to {@code target}.
   *
   * @param overwrite replace an existing {@code target}; without it an existing file is refused
   * @throws BackupException with a message for the operator when the database is missing or unusable,
   *     the target exists or cannot be written, or the copy fails its check
   */
  public static Result copy(Path database, Path target, boolean overwrite) {
    long started = System.nanoTime();
    Path source = database.toAbsolutePath();
    Path destination = target.toAbsolutePath();
    if (!Files.isRegularFile(source)) {
      throw new BackupException("no database at " + source + ": is storage.dataDir right (--config)?");
    }
    if (Files.isDirectory(destination)) {
      throw new BackupException(destination + " is a directory; name the backup file, e.g. " + destination.resolve("pistream-backup.db"));
    }
    if (Files.exists(destination) && !overwrite) {
      throw new BackupException(destination + " exists; pick another name, or add --force to replace it");
    }
    Path dir = destination.getParent();
    if (dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)) {
      throw new BackupException("cannot write the backup: " + dir + " is not a writable directory");
    }
    try {
      DatabaseFileCheck.requireUsable(source, "never", StorageConfig.SECTION + ".dataDir");
    } catch (IllegalStateException e) {
      throw new BackupException(e.getMessage());
    } catch (SQLException e) {
      throw new BackupException("cannot read database " + source + ": " + e.getMessage());
    }
    Path temporary = dir.resolve("." + destination.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      try (Connection connection = DriverManager.getConnection(SqliteDatabase.readerUrl(source));
          Statement statement = connection.createStatement()) {
        statement.execute("VACUUM INTO '" + temporary.toString().replace("'", "''") + "'");
      }
      Result checked = check(temporary, destination, started);
      move(temporary, destination, overwrite);
      return checked;
    } catch (SQLException e) {
      throw new BackupException("copying " + source + " to " + destination + " failed: " + e.getMessage());
    } catch (IOException e) {
      throw new BackupException("writing the backup " + destination + " failed: " + e);
    } finally {
      deleteQuietly(temporary);
    }
  }

  /** Runs {@code PRAGMA integrity_check} on a copy and counts what it holds. */
  static Result check(Path copy, Path reportedAs, long startedNanos) throws SQLException, IOException {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + copy.toAbsolutePath() + "?open_mode=1");
        Statement statement = connection.createStatement()) {
      List<String> problems = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery("PRAGMA integrity_check(" + INTEGRITY_LINES + ")")) {
        while (rows.next()) {
          problems.add(rows.getString(1));
        }
      }
      if (!problems.equals(List.of("ok"))) {
        throw new BackupException("the copy failed integrity_check: " + problems + "; nothing was written to " + reportedAs);
      }
      int version = SchemaMigrator.userVersion(connection);
      long raw = count(statement, "SELECT count(*) FROM readings_raw");
      long minutes = count(statement, "SELECT count(*) FROM readings_minute");
      int sensors = (int) count(statement, "SELECT count(*) FROM sensors");
      return new Result(reportedAs, Files.size(copy), raw, minutes, sensors, version, (System.nanoTime() - startedNanos) / 1_000_000);
    }
  }

  private static long count(Statement statement, String sql) throws SQLException {
    try (ResultSet rows = statement.executeQuery(sql)) {
      return rows.next() ? rows.getLong(1) : 0;
    }
  }

  private static void move(Path from, Path to, boolean overwrite) throws IOException {
    try {
      if (overwrite) {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } else {
        // Not ATOMIC_MOVE: on Linux that is rename(2), which replaces a file that appeared meanwhile. Both
        // files are in one directory, so this is a rename too, after a check that the target is absent.
        Files.move(from, to);
      }
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    } catch (FileAlreadyExistsException e) {
      throw new BackupException(to + " appeared while the backup was written; it was left as it is");
    }
  }

  static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // The temporary file is named after the backup; the next backup does not reuse it.
      org.slf4j.LoggerFactory.getLogger(DatabaseBackup.class).warn("could not delete {}: {}", file, e.toString());
    }
  }

  private DatabaseBackup() {
  }
}
