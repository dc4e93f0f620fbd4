package io.pistream.storage;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects readings and writes them in one transaction per flush: when {@code flushEveryReadings} are
 * waiting or every {@code flushEveryMillis}, whichever comes first, so a crash loses at most one flush
 * window. One write at a time; what arrives meanwhile goes into the next one. A failed write is kept
 * and retried with the next flush. Confined to the verticle's event loop.
 */
final class BatchWriter {

  private static final Logger log = LoggerFactory.getLogger(BatchWriter.class);
  private static final int FAILURE_LOG_EVERY = 60;

  private final Vertx vertx;
  private final SqliteReadingStore store;
  private final SensorRegistry registry;
  private final int flushEveryReadings;
  private final long flushEveryMillis;
  private final int maxPendingReadings;
  private final DropSummary overflow;

  private ReadingBatch pending = new ReadingBatch();
  private long timerId = -1;
  private Future<Void> inFlight;
  private int inFlightSize;
  private Promise<Void> drained;
  private int failureStreak;
  private long written;

  BatchWriter(Vertx vertx, SqliteReadingStore store, SensorRegistry registry, StorageConfig config, DropSummary overflow) {
    this.vertx = vertx;
    this.store = store;
    this.registry = registry;
    this.flushEveryReadings = config.flushEveryReadings();
    this.flushEveryMillis = config.flushEveryMillis();
    this.maxPendingReadings = config.maxPendingReadings();
    this.overflow = overflow;
  }

  void start() {
    timerId = vertx.setPeriodic(flushEveryMillis, id -> flush());
  }

  /** Queues one reading; false when the backlog is full (the database cannot keep up) and it was dropped. */
  boolean add(int sensorId, long ts, int temperatureCenti, int humidityCenti) {
    // The batch being written counts too: the bound is on every reading this writer holds in memory.
    if (pending.size() + inFlightSize >= maxPendingReadings) {
      overflow.record("write backlog full (" + maxPendingReadings + " readings): the database is not keeping up");
      return false;
    }
    pending.add(sensorId, ts, temperatureCenti, humidityCenti);
    if (pending.size() >= flushEveryReadings) {
      flush();
    }
    return true;
  }

  /** How many more readings {@link #add} takes before the backlog is full. */
  int room() {
    return maxPendingReadings - pending.size() - inFlightSize;
  }

  /** Readings committed since start, duplicates not counted. */
  long written() {
    return written;
  }

  /** Stops the timer and writes everything queued; completes when the last write has finished. */
  Future<Void> drain() {
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
      timerId = -1;
    }
    if (drained == null) {
      drained = Promise.promise();
    }
    flush();
    return drained.future();
  }

  private void flush() {
    if (inFlight != null) {
      return;
    }
    if (pending.isEmpty()) {
      if (drained != null) {
        drained.tryComplete();
      }
      return;
    }
    ReadingBatch batch = pending;
    inFlightSize = batch.size();
    pending = new ReadingBatch(Math.min(flushEveryReadings, maxPendingReadings));
    List<SensorRegistry.Sensor> newSensors = registry.unpersisted();
    inFlight = store.write(batch, newSensors)
        .andThen(result -> {
          inFlight = null;
          inFlightSize = 0;
          if (result.succeeded()) {
            registry.markPersisted(newSensors);
            written += result.result();
            recovered();
          } else {
            requeue(batch, result.cause());
          }
          if (drained != null || pending.size() >= flushEveryReadings) {
            flush();
          }
        })
        .mapEmpty();
  }

  private void requeue(ReadingBatch batch, Throwable cause) {
    failureStreak++;
    if (failureStreak == 1) {
      log.error("writing {} readings failed; keeping them and retrying with the next flush", batch.size(), cause);
    } else if (failureStreak % FAILURE_LOG_EVERY == 0) {
      log.error("writing readings still fails after {} attempts ({} waiting): {}", failureStreak, batch.size() + pending.size(), cause.toString());
    }
    if (drained != null) {
      drained.tryFail(cause);
      return;
    }
    ReadingBatch retry = new ReadingBatch(batch.size() + pending.size());
    retry.addAll(batch);
    int room = maxPendingReadings - retry.size();
    if (room < pending.size()) {
      overflow.record("write backlog full (" + maxPendingReadings + " readings) while the database fails");
    }
    for (int i = 0; i < Math.min(room, pending.size()); i++) {
      retry.add(pending.sensorId(i), pending.ts(i), pending.temperatureCenti(i), pending.humidityCenti(i));
    }
    pending = retry;
  }

  private void recovered() {
    if (failureStreak > 0) {
      log.info("writing readings works again after {} failed attempts", failureStreak);
      failureStreak = 0;
    }
  }
}
