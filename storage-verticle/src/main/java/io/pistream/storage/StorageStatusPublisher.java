package io.pistream.storage;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.StorageStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.io.IOException;
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
    timerId = vertx.setPeriodic(everyMs, id -> publish());
    return refresh.completion().onSuccess(v -> publish());
  }

  StorageStatus current() {
    return health.status(pendingReadings.getAsLong(), size(databaseFile) + size(walFile));
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
