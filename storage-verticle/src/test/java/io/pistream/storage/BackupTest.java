package io.pistream.storage;

import static io.pistream.storage.StorageHarness.T0;
import static io.pistream.storage.StorageHarness.reading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.Reading;
import io.pistream.contracts.StorageStatus;
import io.pistream.contracts.StoreBatch;
import io.pistream.testing.Eventually;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class BackupTest {

  @TempDir
  Path dir;

  @Test
  void aBackupWhileStorageWritesHoldsEveryCommittedReadingAndPassesIntegrityCheck(Vertx vertx) throws Exception {
    StorageHarness storage = new StorageHarness(vertx, dir.resolve("data"));
    await(storage.deploy(storage.config().put("flushEveryReadings", 200).put("flushEveryMillis", 20)));
    await(storeBatches(storage, 0, 20));
    await(storage.untilRawCount(4000));
    // Writers keep committing while the copy is made.
    AtomicBoolean feeding = new AtomicBoolean(true);
    AtomicLong next = new AtomicLong(20);
    Future<Void> feeder = feed(storage, feeding, next);
    DatabaseBackup.Result result = await(vertx.executeBlocking(
        () -> DatabaseBackup.copy(storage.dataDir.resolve(StorageConfig.DATABASE_FILE), dir.resolve("copy.db"), false)));
    feeding.set(false);
    await(feeder);

    assertThat(result.rawReadings()).isGreaterThanOrEqualTo(4000);
    assertThat(result.schemaVersion()).isEqualTo(SchemaMigrator.latestVersion());
    assertThat(integrity(dir.resolve("copy.db"))).isEqualTo("ok");
    assertThat(count(dir.resolve("copy.db"), "SELECT count(*) FROM readings_raw")).isEqualTo(result.rawReadings());
    // One snapshot: the rollups of the copy count exactly its raw rows, none of a commit made meanwhile.
    assertThat(count(dir.resolve("copy.db"), "SELECT sum(count) FROM readings_minute")).isEqualTo(result.rawReadings());
    assertThat(count(dir.resolve("copy.db"), "SELECT sum(count) FROM readings_digest")).isEqualTo(result.rawReadings());
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("data", "copy.db");
    }
  }

  @Test
  void aStoppedDatabaseIsCopiedAndAnExistingFileIsReplacedOnlyWhenForced(Vertx vertx) throws Exception {
    StorageHarness storage = new StorageHarness(vertx, dir.resolve("data"));
    String id = await(storage.deploy(storage.config()));
    await(storeBatches(storage, 0, 1));
    await(vertx.undeploy(id));
    Path database = storage.dataDir.resolve(StorageConfig.DATABASE_FILE);
    Path target = dir.resolve("backup.db");
    Files.writeString(target, "keep me");

    assertThatThrownBy(() -> DatabaseBackup.copy(database, target, false))
        .isInstanceOf(BackupException.class).hasMessageContaining("exists").hasMessageContaining("--force");
    assertThat(Files.readString(target)).isEqualTo("keep me");

    DatabaseBackup.Result result = DatabaseBackup.copy(database, target, true);
    assertThat(result.rawReadings()).isEqualTo(200);
    assertThat(result.sensors()).isEqualTo(1);
    assertThat(integrity(target)).isEqualTo("ok");
  }

  @Test
  void aMissingDatabaseOrAnUnwritableTargetIsAClearFailure() throws Exception {
    assertThatThrownBy(() -> DatabaseBackup.copy(dir.resolve("nothing/pistream.db"), dir.resolve("b.db"), false))
        .isInstanceOf(BackupException.class).hasMessageContaining("no database at").hasMessageContaining("storage.dataDir");
    Path database = dir.resolve("pistream.db");
    Files.writeString(database, "not a database at all, but long enough to hold a header of one hundred bytes or so..........");
    assertThatThrownBy(() -> DatabaseBackup.copy(database, dir.resolve("b.db"), false))
        .isInstanceOf(BackupException.class).hasMessageContaining("not an SQLite database");
    assertThatThrownBy(() -> DatabaseBackup.copy(database, dir.resolve("no/such/dir/b.db"), false))
        .isInstanceOf(BackupException.class).hasMessageContaining("not a writable directory");
  }

  @Test
  void storageAnswersADownloadRequestWithACheckedCopyOnThisNode(Vertx vertx) throws Exception {
    StorageHarness storage = new StorageHarness(vertx, dir);
    await(storage.deploy(storage.config().put("flushEveryMillis", 20)));
    await(storeBatches(storage, 0, 2));
    await(storage.untilRawCount(400));
    JsonObject answer = await(vertx.eventBus().<JsonObject>request(Addresses.storageBackup(storage.storageNode), new JsonObject(),
        new DeliveryOptions().setLocalOnly(true))).body();
    Path copy = Path.of(answer.getString("path"));
    assertThat(copy.getParent()).isEqualTo(dir.toAbsolutePath());
    assertThat(answer.getLong("rawReadings")).isEqualTo(400);
    assertThat(answer.getLong("bytes")).isEqualTo(Files.size(copy));
    assertThat(integrity(copy)).isEqualTo("ok");
  }

  @Test
  void aRestartDeletesDownloadCopiesLeftBehind(Vertx vertx) throws Exception {
    StorageHarness storage = new StorageHarness(vertx, dir);
    String id = await(storage.deploy(storage.config()));
    JsonObject answer = await(vertx.eventBus().<JsonObject>request(Addresses.storageBackup(storage.storageNode), new JsonObject())).body();
    Path left = Path.of(answer.getString("path"));
    assertThat(left).exists();
    await(vertx.undeploy(id));
    await(storage.deploy(storage.config()));
    assertThat(left).doesNotExist();
  }

  @Test
  void scheduledBackupsKeepTheNewestAndDeleteTheOldest(Vertx vertx) throws Exception {
    StorageHarness storage = new StorageHarness(vertx, dir.resolve("data"));
    await(storage.deploy(storage.config().put("flushEveryMillis", 20)));
    Path backupDir = dir.resolve("backups");
    AtomicLong clock = new AtomicLong(T0);
    Backups backups = new Backups(vertx, "hub", storage.dataDir.resolve(StorageConfig.DATABASE_FILE),
        new BackupConfig(6, backupDir, 2), clock::get);
    for (int i = 0; i < 3; i++) {
      await(storeBatches(storage, i, i + 1));
      await(storage.untilRawCount(200L * (i + 1)));
      assertThat(await(backups.runScheduled())).isNotNull();
      clock.addAndGet(6 * 3_600_000L);
    }
    List<String> names;
    try (Stream<Path> files = Files.list(backupDir)) {
      names = files.map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertThat(names).containsExactly("pistream-hub-20250101T060000Z.db", "pistream-hub-20250101T120000Z.db");
    assertThat(count(backupDir.resolve(names.get(1)), "SELECT count(*) FROM readings_raw")).isEqualTo(600);
    assertThat(backups.failures()).isZero();
  }

  @Test
  void aFailedScheduledBackupIsCountedAndTheNextOneStillRuns(Vertx vertx) throws Exception {
    Path notADir = Files.writeString(dir.resolve("file"), "x");
    StorageHarness storage = new StorageHarness(vertx, dir.resolve("data"));
    await(storage.deploy(storage.config()));
    Backups backups = new Backups(vertx, "hub", storage.dataDir.resolve(StorageConfig.DATABASE_FILE),
        new BackupConfig(1, notADir.resolve("backups"), 2), () -> T0);
    assertThat(await(backups.runScheduled())).isNull();
    assertThat(await(backups.runScheduled())).isNull();
    assertThat(backups.failures()).isEqualTo(2);
    assertThat(backups.lastFailure()).isNotEmpty();
  }

  @Test
  void theStorageStatusTellsAFailedScheduledBackupAndItsReasonUntilOneSucceeds(Vertx vertx) throws Exception {
    Path backupDir = dir.resolve("backups");
    Files.writeString(backupDir, "a file where the backup directory should be");
    StorageHarness storage = new StorageHarness(vertx, dir.resolve("data"));
    StorageVerticle verticle = new StorageVerticle();
    await(storage.deploy(storage.config().put("backup", new JsonObject().put("everyHours", 24).put("dir", backupDir.toString())), verticle));
    List<StorageStatus> published = new CopyOnWriteArrayList<>();
    await(vertx.eventBus().<JsonObject>consumer(Addresses.STORAGE_STATUS, message -> published.add(StorageStatus.fromJson(message.body())))
        .completion());

    await(verticle.backups().runScheduled());

    StorageStatus failed = await(Eventually.within(Duration.ofSeconds(30)).until(vertx, "a status after the failed backup",
        () -> Future.succeededFuture(published), list -> !list.isEmpty() && list.get(list.size() - 1).backupFailures() == 1))
        .get(published.size() - 1);
    assertThat(failed.backupFailures()).isEqualTo(1);
    assertThat(failed.backupProblem()).contains(backupDir.toString(), "failed");
    assertThat(failed.lastBackupTs()).isZero();

    Files.delete(backupDir);
    long before = System.currentTimeMillis();
    await(verticle.backups().runScheduled());

    StorageStatus succeeded = await(Eventually.within(Duration.ofSeconds(30)).until(vertx, "a status after the backup",
        () -> Future.succeededFuture(published), list -> list.get(list.size() - 1).lastBackupTs() > 0)).get(published.size() - 1);
    assertThat(succeeded.backupFailures()).as("counted since start").isEqualTo(1);
    assertThat(succeeded.backupProblem()).isEmpty();
    assertThat(succeeded.lastBackupTs()).isBetween(before, System.currentTimeMillis());
  }

  @Test
  void aSecondStorageOnTheSameDirectoryIsRefusedWhileTheFirstRuns(Vertx vertx) throws Exception {
    StorageHarness storage = new StorageHarness(vertx, dir);
    String id = await(storage.deploy(storage.config()));
    assertThat(DataDirLock.tryAcquire(dir)).isNull();
    Throwable refused = await(storage.deploy(storage.config()).<Throwable>map(started -> null).recover(Future::succeededFuture));
    assertThat(refused).hasMessageContaining("in use by another pistream");
    await(vertx.undeploy(id));
    try (DataDirLock lock = DataDirLock.tryAcquire(dir)) {
      assertThat(lock).isNotNull();
    }
  }

  @Test
  void backupSettingsHaveDefaultsAndBounds() {
    StorageConfig storage = StorageConfig.from(new JsonObject().put("dataDir", "/var/lib/pistream"));
    BackupConfig defaults = BackupConfig.from(new JsonObject(), storage);
    assertThat(defaults.enabled()).isFalse();
    assertThat(defaults.dir()).isEqualTo(Path.of("/var/lib/pistream/backups"));
    assertThat(defaults.keep()).isEqualTo(7);
    assertThatThrownBy(() -> BackupConfig.from(new JsonObject().put("backup", new JsonObject().put("keep", 0)), storage))
        .hasMessageContaining("storage.backup.keep");
  }

  /** Hands storage batches {@code from} to {@code to} (exclusive) of 200 readings each, 1 s apart. */
  private static Future<Void> storeBatches(StorageHarness storage, int from, int to) {
    List<Future<?>> acks = new ArrayList<>();
    for (int b = from; b < to; b++) {
      List<Reading> readings = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        readings.add(reading("s1", T0 + (b * 200L + i) * 1000L, 20 + i % 5, 50));
      }
      acks.add(storage.request(Addresses.STORAGE_STORE, new StoreBatch(readings).toJson()));
    }
    return Future.all(acks).mapEmpty();
  }

  private static Future<Void> feed(StorageHarness storage, AtomicBoolean feeding, AtomicLong next) {
    if (!feeding.get()) {
      return Future.succeededFuture();
    }
    int batch = (int) next.getAndIncrement();
    return storeBatches(storage, batch, batch + 1).compose(v -> feed(storage, feeding, next));
  }

  private static String integrity(Path file) throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("PRAGMA integrity_check")) {
      return rows.next() ? rows.getString(1) : "";
    }
  }

  private static long count(Path file, String sql) throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      return rows.next() ? rows.getLong(1) : 0;
    }
  }

  private static <T> T await(Future<T> future) {
    return future.timeout(60, TimeUnit.SECONDS).await();
  }
}
