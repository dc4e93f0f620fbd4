package io.pistream.storage;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.micrometer.backends.BackendRegistries;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects readings and writes them in one transaction per flush: when {@code flushEveryReadings} are
 * waiting or every {@code flushEveryMillis}, whichever comes first, so a crash loses at most one flush
 * window. One write at a time; what arrives meanwhile goes into the next one. A failed write is kept
 * and retried every few seconds (at most every {@code flushEveryMillis}) until it succeeds; the first
 * failure is logged, later ones are summarised, and {@link StorageHealth} shows the reason meanwhile.
 * Confined to the verticle's event loop.
 */
final class BatchWriter {

  private static final Logger log = LoggerFactory.getLogger(BatchWriter.class);
  static final long RETRY_MS = 5000;

  private final Vertx vertx;
  private final SqliteReadingStore store;
  private final SensorRegistry registry;
  private final int flushEveryReadings;
  private final long flushEveryMillis;
  private final int maxPendingReadings;
  private final DropSummary overflow;
  private final StorageHealth health;
  private final WrittenThrough writtenThrough;
  private final List<Promise<Void>> idleWaiters = new ArrayList<>();

  private ReadingBatch pending = new ReadingBatch();
  private ReadingBatch inFlightBatch = new ReadingBatch(0);
  private long generation;
  private long timerId = -1;
  private Future<Void> inFlight;
  private int inFlightSize;
  private Promise<Void> drained;
  private int failureStreak;
  private int failuresSinceSummary;
  private String lastFailure = "";
  private long retryTimerId = -1;
  private long written;

  /** Null when the node runs without metrics. */
  private final Timer batchOk;
  private final Timer batchFailed;
  private final DistributionSummary batchSize;

  BatchWriter(Vertx vertx, SqliteReadingStore store, SensorRegistry registry, StorageConfig config, DropSummary overflow,
      StorageHealth health, WrittenThrough writtenThrough) {
    this.vertx = vertx;
    this.store = store;
    this.registry = registry;
    this.flushEveryReadings = config.flushEveryReadings();
    this.flushEveryMillis = config.flushEveryMillis();
    this.maxPendingReadings = config.maxPendingReadings();
    this.overflow = overflow;
    this.health = health;
    this.writtenThrough = writtenThrough;
    MeterRegistry meters = BackendRegistries.getDefaultNow();
    if (meters == null) {
      this.batchOk = null;
      this.batchFailed = null;
      this.batchSize = null;
    } else {
      this.batchOk = batchTimer(meters, "ok");
      this.batchFailed = batchTimer(meters, "failed");
      this.batchSize = DistributionSummary.builder("pistream.storage.batch.size").baseUnit("readings")
          .description("readings per batch written").register(meters);
    }
  }

  private static Timer batchTimer(MeterRegistry meters, String outcome) {
    return Timer.builder("pistream.storage.batch.duration").tag("outcome", outcome)
        .description("time to write one batch (one transaction)").register(meters);
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
    // While writes fail only the retry timer writes: a full batch must not turn into a tight retry loop.
    if (pending.size() >= flushEveryReadings && failureStreak == 0) {
      flush();
    }
    return true;
  }

  /** How many more readings {@link #add} takes before the backlog is full. */
  int room() {
    return maxPendingReadings - pending.size() - inFlightSize;
  }

  /** Readings held in memory: queued, and being written. */
  long pending() {
    return pending.size() + inFlightSize;
  }

  /**
   * The sensor's readings in {@code [from, to)} that this writer holds and the database does not have
   * yet: queued or being written, and newer than its newest committed one (an older one may be a resent
   * duplicate, and waits for its write). Queries add them, so that history and the latest reading do not
   * lag by a flush window.
   */
  ReadingBatch unwritten(int sensorId, long from, long to) {
    ReadingBatch found = new ReadingBatch(16);
    long newestWritten = writtenThrough.newest(sensorId);
    for (ReadingBatch batch : List.of(inFlightBatch, pending)) {
      for (int i = 0; i < batch.size(); i++) {
        long ts = batch.ts(i);
        if (batch.sensorId(i) == sensorId && ts >= from && ts < to && ts > newestWritten) {
          found.add(sensorId, ts, batch.temperatureCenti(i), batch.humidityCenti(i));
        }
      }
    }
    return found;
  }

  /** The newest unwritten reading of each sensor that has one (as {@link #unwritten} counts them), in one pass. */
  ReadingBatch newestUnwritten() {
    Map<Integer, int[]> newest = new HashMap<>();
    List<ReadingBatch> batches = List.of(inFlightBatch, pending);
    for (int b = 0; b < batches.size(); b++) {
      ReadingBatch batch = batches.get(b);
      for (int i = 0; i < batch.size(); i++) {
        int sensorId = batch.sensorId(i);
        if (batch.ts(i) <= writtenThrough.newest(sensorId)) {
          continue;
        }
        int[] at = newest.get(sensorId);
        if (at == null || batch.ts(i) > batches.get(at[0]).ts(at[1])) {
          newest.put(sensorId, new int[] {b, i});
        }
      }
    }
    ReadingBatch found = new ReadingBatch(Math.max(1, newest.size()));
    newest.values().forEach(at -> {
      ReadingBatch batch = batches.get(at[0]);
      found.add(batch.sensorId(at[1]), batch.ts(at[1]), batch.temperatureCenti(at[1]), batch.humidityCenti(at[1]));
    });
    return found;
  }

  /**
   * Changes when a write starts and when it ends: a query that saw the same generation before and after
   * it read the database, with no write running, read the same rows this writer says are unwritten.
   */
  long generation() {
    return inFlight == null ? generation : -1;
  }

  /** Completes once no write runs. */
  Future<Void> idle() {
    if (inFlight == null) {
      return Future.succeededFuture();
    }
    Promise<Void> waiter = Promise.promise();
    idleWaiters.add(waiter);
    return waiter.future();
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
    if (retryTimerId >= 0) {
      vertx.cancelTimer(retryTimerId);
      retryTimerId = -1;
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
    inFlightBatch = batch;
    generation++;
    inFlightSize = batch.size();
    pending = new ReadingBatch(Math.min(flushEveryReadings, maxPendingReadings));
    List<SensorRegistry.Sensor> newSensors = registry.unpersisted();
    long writeStarted = System.nanoTime();
    Future<Long> write = store.write(batch, newSensors);
    // Set before the handler is attached: a write that fails at once runs it right away, and it must
    // find the write in flight to clear it.
    inFlight = write.mapEmpty();
    write.onComplete(result -> {
          if (batchSize != null) {
            (result.succeeded() ? batchOk : batchFailed).record(System.nanoTime() - writeStarted, TimeUnit.NANOSECONDS);
            batchSize.record(batch.size());
          }
          inFlight = null;
          inFlightSize = 0;
          inFlightBatch = new ReadingBatch(0);
          generation++;
          if (result.succeeded()) {
            for (int i = 0; i < batch.size(); i++) {
              writtenThrough.wrote(batch.sensorId(i), batch.ts(i));
            }
            registry.markPersisted(newSensors);
            written += result.result();
            recovered(batch.size());
            health.wrote(result.result());
          } else {
            requeue(batch, result.cause());
          }
          if (drained != null || (result.succeeded() && pending.size() >= flushEveryReadings)) {
            flush();
          }
          if (inFlight == null) {
            List<Promise<Void>> waiting = List.copyOf(idleWaiters);
            idleWaiters.clear();
            waiting.forEach(Promise::tryComplete);
          }
        });
  }

  private void requeue(ReadingBatch batch, Throwable cause) {
    failureStreak++;
    failuresSinceSummary++;
    lastFailure = WriteFault.describe(cause);
    if (failureStreak == 1) {
      // A known cause (disk full, read-only) is clear from its message; a stack trace would only repeat it.
      if (WriteFault.expected(cause)) {
        log.error("writing {} readings failed ({}); keeping them and retrying, further failures are summarised",
            batch.size(), lastFailure);
      } else {
        log.error("writing {} readings failed; keeping them and retrying, further failures are summarised", batch.size(), cause);
      }
    }
    if (drained != null) {
      health.failing(lastFailure);
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
    health.failing(lastFailure);
    if (retryTimerId < 0) {
      retryTimerId = vertx.setTimer(Math.min(flushEveryMillis, RETRY_MS), id -> {
        retryTimerId = -1;
        flush();
      });
    }
  }

  /** Called once per period: how writing has been failing since the last call, if it has. */
  void summarise(long periodSeconds) {
    if (failureStreak > 0 && failuresSinceSummary > 0) {
      log.warn("writing readings still fails: {} failed attempts in the last {} s, {} readings kept, last: {}",
          failuresSinceSummary, periodSeconds, pending(), lastFailure);
    }
    failuresSinceSummary = 0;
  }

  private void recovered(int batchSize) {
    if (failureStreak > 0) {
      log.info("writing readings works again after {} failed attempts; wrote the {} kept readings", failureStreak, batchSize);
      failureStreak = 0;
      failuresSinceSummary = 0;
    }
  }
}
