package io.pistream.storage;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.Failures;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backups made by a running storage verticle: on request ({@link Addresses#storageBackup}, for the
 * admin download), and every {@code storage.backup.everyHours} into {@code storage.backup.dir}, of which
 * the newest {@code keep} are kept. Each copy is made by {@link DatabaseBackup} on a worker, while writes
 * go on. Confined to the verticle's event loop.
 */
final class Backups {

  private static final Logger log = LoggerFactory.getLogger(Backups.class);
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  static final String DOWNLOAD_PREFIX = "download-";
  static final String DOWNLOAD_SUFFIX = ".backup";
  /** A scheduled backup found this long after it was due is made a minute after start, not at once. */
  private static final long START_DELAY_MS = 60_000;

  private final Vertx vertx;
  private final String node;
  private final Path databaseFile;
  private final BackupConfig config;
  private final LongSupplier clock;
  private final Pattern scheduledName;
  private MessageConsumer<Object> consumer;
  private long timerId = -1;
  private Future<?> running = Future.succeededFuture();
  private long failures;
  private String lastFailure = "";
  private long lastBackupTs;
  private Runnable onOutcome = () -> { };
  private boolean stopped;

  Backups(Vertx vertx, String node, Path databaseFile, BackupConfig config, LongSupplier clock) {
    this.vertx = vertx;
    this.node = node;
    this.databaseFile = databaseFile;
    this.config = config;
    this.clock = clock;
    this.scheduledName = Pattern.compile(Pattern.quote("pistream-" + node + "-") + "\\d{8}T\\d{6}Z\\.db");
  }

  /** Deletes copies a download left behind, answers requests, and schedules the next backup. */
  Future<Void> start() {
    consumer = vertx.eventBus().localConsumer(Addresses.storageBackup(node), this::onRequest);
    return vertx.executeBlocking(() -> {
      deleteLeftoverDownloads();
      return config.enabled() ? newestScheduled() : -1L;
    }).compose(newest -> {
      if (config.enabled()) {
        long due = newest < 0 ? clock.getAsLong() + START_DELAY_MS : newest + config.everyHours() * 3_600_000L;
        schedule(Math.max(START_DELAY_MS, due - clock.getAsLong()));
        log.info("scheduled backups every {} h to {}, keeping {}", config.everyHours(), config.dir().toAbsolutePath(), config.keep());
      }
      return consumer.completion();
    });
  }

  Future<Void> stop() {
    stopped = true;
    vertx.cancelTimer(timerId);
    Future<Void> unregistered = consumer == null ? Future.succeededFuture() : consumer.unregister();
    return Future.join(unregistered, running.recover(e -> Future.succeededFuture())).mapEmpty();
  }

  /** Scheduled backups that failed since start; each was logged. */
  long failures() {
    return failures;
  }

  /** Why the latest scheduled backup failed; empty once one succeeds again. */
  String lastFailure() {
    return lastFailure;
  }

  /** When the last scheduled backup was written, epoch ms; 0 if none since start. */
  long lastBackupTs() {
    return lastBackupTs;
  }

  /** Told after every scheduled backup, so the storage status shows it at once. */
  void onOutcome(Runnable listener) {
    onOutcome = listener;
  }

  private void schedule(long delayMs) {
    timerId = vertx.setTimer(delayMs, id -> runScheduled().onComplete(done -> {
      if (!stopped) {
        schedule(config.everyHours() * 3_600_000L);
      }
    }));
  }

  /** One scheduled backup and the deletion of the oldest beyond {@code keep}; never fails, a failure is logged. */
  Future<DatabaseBackup.Result> runScheduled() {
    Path target = config.dir().resolve("pistream-" + node + "-" + STAMP.format(Instant.ofEpochMilli(clock.getAsLong())) + ".db");
    Future<DatabaseBackup.Result> backup = vertx.executeBlocking(() -> {
      Files.createDirectories(config.dir());
      DatabaseBackup.Result result = DatabaseBackup.copy(databaseFile, target, false);
      deleteBeyondKeep();
      return result;
    }, false);
    running = backup;
    return backup
        .onSuccess(result -> {
          lastBackupTs = clock.getAsLong();
          lastFailure = "";
          log.info("backup {} written: {} bytes, {} raw readings, {} sensors, integrity ok, {} ms",
              result.file(), result.bytes(), result.rawReadings(), result.sensors(), result.millis());
        })
        .recover(e -> {
          failures++;
          lastFailure = "backup to " + target + " failed: " + e.getMessage();
          log.error("scheduled backup to {} failed ({} failed since start): {}", target, failures,
              e instanceof BackupException ? e.getMessage() : e.toString(), e instanceof BackupException ? null : e);
          return Future.succeededFuture(null);
        })
        .onComplete(done -> onOutcome.run());
  }

  private void onRequest(Message<Object> message) {
    Path target = databaseFile.resolveSibling(DOWNLOAD_PREFIX + UUID.randomUUID() + DOWNLOAD_SUFFIX);
    vertx.executeBlocking(() -> DatabaseBackup.copy(databaseFile, target, false), false).onComplete(done -> {
      if (done.succeeded()) {
        DatabaseBackup.Result result = done.result();
        log.info("backup for download written to {}: {} bytes, {} raw readings, {} ms", target, result.bytes(), result.rawReadings(),
            result.millis());
        message.reply(new JsonObject().put("node", node).put("path", target.toAbsolutePath().toString()).put("bytes", result.bytes())
            .put("rawReadings", result.rawReadings()).put("sensors", result.sensors()).put("millis", result.millis()));
      } else {
        log.error("backup for download failed: {}", done.cause().getMessage(), done.cause() instanceof BackupException ? null : done.cause());
        message.fail(Failures.INTERNAL, "backup failed: " + done.cause().getMessage());
      }
    });
  }

  private void deleteLeftoverDownloads() throws IOException {
    try (Stream<Path> files = Files.list(databaseFile.toAbsolutePath().getParent())) {
      files.filter(f -> f.getFileName().toString().startsWith(DOWNLOAD_PREFIX) && f.getFileName().toString().endsWith(DOWNLOAD_SUFFIX))
          .forEach(DatabaseBackup::deleteQuietly);
    }
  }

  /** The newest scheduled backup's time, by its name; -1 when there is none. */
  private long newestScheduled() throws IOException {
    List<Path> backups = scheduled();
    if (backups.isEmpty()) {
      return -1;
    }
    String name = backups.get(backups.size() - 1).getFileName().toString();
    String stamp = name.substring(name.length() - "20250101T000000Z.db".length(), name.length() - ".db".length());
    return Instant.from(STAMP.parse(stamp)).toEpochMilli();
  }

  /** This node's scheduled backups, oldest first (the names sort by time). */
  private List<Path> scheduled() throws IOException {
    if (!Files.isDirectory(config.dir())) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(config.dir())) {
      return files.filter(f -> scheduledName.matcher(f.getFileName().toString()).matches()).sorted().toList();
    }
  }

  private void deleteBeyondKeep() throws IOException {
    List<Path> backups = scheduled();
    for (int i = 0; i < backups.size() - config.keep(); i++) {
      Files.delete(backups.get(i));
      log.info("deleted old backup {} (storage.backup.keep: {})", backups.get(i), config.keep());
    }
  }
}
