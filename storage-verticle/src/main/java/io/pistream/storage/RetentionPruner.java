package io.pistream.storage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes raw readings older than the retention, periodically and in small batches, each its own
 * transaction, so that flushes queued on the writer are never held up for long. Rollups are kept; the
 * digests of pruned hours go, as anti-entropy never compares them.
 */
final class RetentionPruner {

  private static final Logger log = LoggerFactory.getLogger(RetentionPruner.class);
  static final int BATCH = 5000;

  private final Vertx vertx;
  private final SqliteReadingStore store;
  private final SensorRegistry registry;
  private final long retentionMs;
  private final long everyMs;
  private final LongSupplier clock;
  private long timerId = -1;
  private Future<Long> running = Future.succeededFuture(0L);
  private boolean stopped;

  RetentionPruner(Vertx vertx, SqliteReadingStore store, SensorRegistry registry, StorageConfig config, LongSupplier clock) {
    this.vertx = vertx;
    this.store = store;
    this.registry = registry;
    this.retentionMs = Duration.ofDays(config.retentionDays()).toMillis();
    this.everyMs = Duration.ofMinutes(config.pruneEveryMinutes()).toMillis();
    this.clock = clock;
  }

  /** Prunes now and then periodically; does nothing when the retention is 0 (keep forever). */
  void start() {
    if (retentionMs == 0) {
      return;
    }
    timerId = vertx.setPeriodic(1, everyMs, id -> pruneNow());
  }

  /** Starts a pass unless one is running; completes with the rows it deleted. */
  Future<Long> pruneNow() {
    if (stopped || retentionMs == 0 || !running.isComplete()) {
      return running;
    }
    long cutoff = clock.getAsLong() - retentionMs;
    AtomicLong deleted = new AtomicLong();
    Future<Void> chain = Future.succeededFuture();
    for (SensorRegistry.Sensor sensor : registry.all()) {
      if (sensor.persisted()) {
        chain = chain.compose(v -> pruneSensor(sensor.id(), cutoff, deleted));
      }
    }
    running = chain.compose(v -> stopped ? Future.<Void>succeededFuture() : store.pruneDigests(cutoff))
        .map(v -> deleted.get())
        .onSuccess(count -> {
          if (count > 0) {
            log.info("pruned {} raw readings older than {} days", count, retentionMs / 86_400_000L);
          }
        })
        .onFailure(e -> log.error("pruning raw readings failed; retrying at the next pass", e));
    return running;
  }

  private Future<Void> pruneSensor(int sensorId, long cutoff, AtomicLong deleted) {
    if (stopped) {
      return Future.succeededFuture();
    }
    return store.pruneRaw(sensorId, cutoff, BATCH).compose(count -> {
      deleted.addAndGet(count);
      return count < BATCH ? Future.succeededFuture() : pruneSensor(sensorId, cutoff, deleted);
    });
  }

  /** Stops the timer; completes when the batch in progress, if any, is done. */
  Future<Void> stop() {
    stopped = true;
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
    }
    return running.<Void>mapEmpty().recover(e -> Future.succeededFuture());
  }
}
