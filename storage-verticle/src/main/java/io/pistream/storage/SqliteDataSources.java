package io.pistream.storage;

import java.nio.file.Path;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** How pistream opens its SQLite file: WAL, so readers never wait for the writer nor it for them. */
final class SqliteDataSources {

  private static final int BUSY_TIMEOUT_MS = 5000;

  static SQLiteDataSource writer(Path file, String synchronous) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.valueOf(synchronous.toUpperCase(java.util.Locale.ROOT)));
    config.setBusyTimeout(BUSY_TIMEOUT_MS);
    return dataSource(file, config);
  }

  static SQLiteDataSource reader(Path file) {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(BUSY_TIMEOUT_MS);
    return dataSource(file, config);
  }

  private static SQLiteDataSource dataSource(Path file, SQLiteConfig config) {
    SQLiteDataSource dataSource = new SQLiteDataSource(config);
    dataSource.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
    return dataSource;
  }

  private SqliteDataSources() {
  }
}
