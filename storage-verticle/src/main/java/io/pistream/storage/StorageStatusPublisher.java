package io.pistream.storage;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.StorageStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * Publishes this storage node's {@link StorageStatus} on every change of its health, periodically, and
 * when anyone asks on {@link Addresses#STORAGE_STATUS_REFRESH}.
 */
final class StorageStatusPublisher {

  private final Vertx vertx;
  private final StorageHealth health;
  private final LongSupplier pendingReadings;
  private final Path databaseFile;
  private final Path walFile;
  private final long everyMs;
  private MessageConsumer<Object> refresh;
  private long timerId = -1;
  private long diskFreeBytes = -1;
  private long diskTotalBytes = -1;
  private Backups backups;

  StorageStatusPublisher(Vertx vertx, StorageHealth health, LongSupplier pendingReadings, Path databaseFile, long everyMs) {
    this.vertx = vertx;
    this.health = health;
    this.pendingReadings = pendingReadings;
    this.databaseFile = databaseFile;
    this.walFile = databaseFile.resolveSibling(databaseFile.getFileName() + "-wal");
    this.everyMs = everyMs;
  }

  /** Completes once refresh requests are heard; publishes the first status then. */
  Future<Void> start() {
    health.onChange(this::publish);
    refresh = vertx.eventBus().consumer(Addresses.STORAGE_STATUS_REFRESH, message -> publish());
    timerId = vertx.setPeriodic(everyMs, id -> measureDisk().onComplete(measured -> publish()));
    return refresh.completion().compose(v -> measureDisk()).onSuccess(v -> publish());
  }

  /** Adds the scheduled backups' outcome to the status, published after each of them. */
  void backups(Backups scheduled) {
    this.backups = scheduled;
    scheduled.onOutcome(this::publish);
  }

  StorageStatus current() {
    StorageStatus status = health.status(pendingReadings.getAsLong(), size(databaseFile) + size(walFile));
    return new StorageStatus(status.node(), status.state(), status.detail(), status.since(), status.lastWriteTs(), status.pendingReadings(),
        status.writtenReadings(), status.refusedReadings(), status.droppedReadings(), status.databaseBytes(), diskFreeBytes, diskTotalBytes,
        backups == null ? 0 : backups.lastBackupTs(), backups == null ? 0 : backups.failures(), backups == null ? "" : backups.lastFailure());
  }

  /** Asks the file system on a worker (a statfs call can stall on a failing card); never fails. */
  private Future<Void> measureDisk() {
    Path dir = databaseFile.toAbsolutePath().getParent();
    return vertx.executeBlocking(() -> {
      FileStore store = Files.getFileStore(dir);
      return new long[] {store.getUsableSpace(), store.getTotalSpace()};
    }, false).transform(measured -> {
      if (measured.succeeded()) {
        diskFreeBytes = measured.result()[0];
        diskTotalBytes = measured.result()[1];
      } else {
        diskFreeBytes = -1;
        diskTotalBytes = -1;
      }
      return Future.succeededFuture();
    });
  }

  void publish() {
    vertx.eventBus().publish(Addresses.STORAGE_STATUS, current().toJson());
  }

  Future<Void> stop() {
    health.onChange(() -> { });
    vertx.cancelTimer(timerId);
    return refresh == null ? Future.succeededFuture() : refresh.unregister();
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      // Missing is a size of 0 here; a file that went missing is reported by the writer.
      return 0;
    }
  }
}
