package io.pistream.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database file storage cannot use makes the start fail with a message naming the file, what is wrong
 * and what to do, and the file stays byte for byte as it was, with nothing created beside it.
 */
@ExtendWith(VertxExtension.class)
class DatabaseFileCheckTest {

  @TempDir
  Path dir;

  @Test
  void randomBytesAreNotAnSqliteDatabase(Vertx vertx, VertxTestContext ctx) throws Exception {
    byte[] noise = new byte[64 * 1024];
    new Random(3).nextBytes(noise);
    Files.write(database(), noise);
    refusesUntouched(vertx, ctx, new JsonObject(), "is not an SQLite database");
  }

  @Test
  void aTextFileIsNotAnSqliteDatabase(Vertx vertx, VertxTestContext ctx) throws Exception {
    Files.writeString(database(), "backup notes: copy pistream.db somewhere safe\n".repeat(200));
    refusesUntouched(vertx, ctx, new JsonObject(), "is not an SQLite database");
  }

  @Test
  void theDatabaseOfAnotherApplicationIsLeftAlone(Vertx vertx, VertxTestContext ctx) throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database());
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE contacts (name TEXT, phone TEXT)");
      statement.execute("INSERT INTO contacts VALUES ('Ada', '123')");
    }
    refusesUntouched(vertx, ctx, new JsonObject(), "belongs to another application", "contacts");
  }

  @Test
  void aPistreamVersionWithoutPistreamTablesIsRefused(Vertx vertx, VertxTestContext ctx) throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database());
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE sensors (id INTEGER PRIMARY KEY)");
      statement.execute("PRAGMA user_version = " + SchemaMigrator.latestVersion());
    }
    refusesUntouched(vertx, ctx, new JsonObject(), "lacks the tables", "readings_raw");
  }

  @Test
  void aTruncatedPistreamDatabaseIsRefused(Vertx vertx, VertxTestContext ctx) throws Exception {
    fill(20_000);
    try (RandomAccessFile file = new RandomAccessFile(database().toFile(), "rw")) {
      file.setLength(file.length() / 2);
    }
    refusesUntouched(vertx, ctx, new JsonObject(), "is truncated");
  }

  @Test
  void aPistreamDatabaseWithGarbageInItsPagesFailsTheQuickCheck(Vertx vertx, VertxTestContext ctx) throws Exception {
    fill(20_000);
    overwriteMiddlePages();
    refusesUntouched(vertx, ctx, new JsonObject().put("checkAtStart", "always"), "is damaged");
  }

  @Test
  void afterAnUncleanStopTheQuickCheckRunsByItself(Vertx vertx, VertxTestContext ctx) throws Exception {
    fill(20_000);
    overwriteMiddlePages();
    // What a killed process leaves: a write-ahead log beside the file (here an empty one).
    Files.write(dir.resolve(StorageConfig.DATABASE_FILE + "-wal"), new byte[0]);
    refusesUntouched(vertx, ctx, new JsonObject(), "is damaged");
  }

  @Test
  void aSoundDatabaseStartsAfterTheQuickCheckWithItsData(Vertx vertx, VertxTestContext ctx) throws Exception {
    fill(20_000);
    StorageHarness storage = new StorageHarness(vertx, dir);
    storage.deploy(storage.config().put("checkAtStart", "always"))
        .compose(id -> storage.rawCount())
        .onComplete(ctx.succeeding(count -> ctx.verify(() -> {
          assertThat(count).isEqualTo(20_000);
          ctx.completeNow();
        })));
  }

  private void refusesUntouched(Vertx vertx, VertxTestContext ctx, JsonObject settings, String... problem) throws Exception {
    String before = sha256(database());
    // Reading a WAL database, even read-only, opens its -wal and -shm: SQLite's own files beside pistream's
    // own database, never the database itself. Files of anything else are not WAL, and get nothing beside them.
    List<Path> filesBefore = files().stream().filter(f -> !f.toString().endsWith("-shm") && !f.toString().endsWith("-wal")).toList();
    StorageHarness storage = new StorageHarness(vertx, dir);
    storage.deploy(storage.config().mergeIn(settings)).onComplete(ctx.failing(e -> ctx.verify(() -> {
      assertThat(e).isInstanceOf(DatabaseFileException.class)
          .hasMessageContaining(database().toAbsolutePath().toString())
          .hasMessageContaining("move it aside")
          .hasMessageContaining("storage.dataDir");
      for (String words : problem) {
        assertThat(e).hasMessageContaining(words);
      }
      assertThat(sha256(database())).isEqualTo(before);
      assertThat(files()).containsAll(filesBefore);
      if (!isWalDatabase()) {
        assertThat(files()).isEqualTo(filesBefore);
      }
      ctx.completeNow();
    })));
  }

  /** Byte 18 of an SQLite header is 2 for WAL; random bytes and text are no SQLite file at all. */
  private boolean isWalDatabase() {
    try {
      byte[] header = Files.readAllBytes(database());
      return header.length > 18 && new String(header, 0, 15, java.nio.charset.StandardCharsets.US_ASCII).equals("SQLite format 3")
          && header[18] == 2;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private Path database() {
    return dir.resolve(StorageConfig.DATABASE_FILE).toAbsolutePath();
  }

  /** A pistream database of {@code readings} readings, closed cleanly. */
  private void fill(int readings) throws Exception {
    try (SqliteBulkLoader loader = SqliteBulkLoader.open(dir)) {
      for (int i = 0; i < readings; i++) {
        loader.add(StorageHarness.NODE, "s" + i % 2, StorageHarness.T0 + i * 2000L, 20 + i % 7, 50);
      }
    }
    assertThat(dir.resolve(StorageConfig.DATABASE_FILE + "-wal")).doesNotExist();
  }

  private void overwriteMiddlePages() throws IOException {
    try (RandomAccessFile file = new RandomAccessFile(database().toFile(), "rw")) {
      byte[] garbage = new byte[3 * 4096];
      new Random(5).nextBytes(garbage);
      file.seek(file.length() / 2 / 4096 * 4096);
      file.write(garbage);
    }
  }

  private List<Path> files() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    }
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
