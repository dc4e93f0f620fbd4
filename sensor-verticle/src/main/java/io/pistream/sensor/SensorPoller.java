package io.pistream.sensor;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.Reading;
import io.pistream.contracts.SensorStatus;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls one sensor: reads it on its own worker thread, retries failed reads with backoff, power-cycles
 * it when it hangs, validates what it reads, publishes accepted readings and reports state changes.
 * Polls never overlap: the next one is scheduled when the previous one (retries included) has ended,
 * which keeps one sensor's reads in order without holding up the other sensors.
 *
 * <p>Java cannot interrupt a read blocked in the kernel (a sysfs file that never answers), so a read
 * that takes longer than {@code readTimeoutSeconds} is abandoned: the poll fails, the blocked read keeps
 * the sensor's one worker thread, and later polls are skipped (and counted) instead of queueing reads
 * behind it. Polling resumes as soon as the abandoned read returns.
 */
final class SensorPoller {

  private static final Logger log = LoggerFactory.getLogger(SensorPoller.class);
  private static final long MAX_RETRY_DELAY_MS = 60_000;

  private final Vertx vertx;
  private final String nodeId;
  private final SensorSettings settings;
  private final SensorDriver driver;
  private final WorkerExecutor worker;
  private final ReadingValidator validator;
  private final PowerCycler power;
  private final FailureSummary summary;
  private final SensorHealth health;
  private final Consumer<SensorStatus> statusSink;
  private final ReadingDelivery delivery;
  private long checkTimer = -1;
  private long pollTimer = -1;
  private boolean stopped;
  private int consecutiveReadFailures;
  private boolean polling;
  private long blockedSinceMono = -1;
  private long pollsSkipped;
  private long skippedWhileBlocked;

  /**
   * @param power the sensor's power switch, or null when it has none
   * @param statusSink receives the status on every state change
   * @param delivery takes every accepted reading to storage
   */
  SensorPoller(Vertx vertx, String nodeId, SensorSettings settings, SensorDriver driver, WorkerExecutor worker, ReadingValidator validator,
      PowerCycler power, long logSummaryMs, Consumer<SensorStatus> statusSink, ReadingDelivery delivery) {
    this.vertx = vertx;
    this.nodeId = nodeId;
    this.settings = settings;
    this.driver = driver;
    this.worker = worker;
    this.validator = validator;
    this.power = power;
    this.summary = new FailureSummary(settings.id(), logSummaryMs);
    this.health = new SensorHealth(settings.failingAfterPolls(), settings.offlineAfterIntervals() * settings.intervalMs(), monotonicMs(),
        System.currentTimeMillis());
    this.statusSink = statusSink;
    this.delivery = delivery;
  }

  /** Reports the starting state and takes the first reading at once. */
  void start() {
    String label = settings.location().isEmpty() ? settings.name() : settings.name() + ", " + settings.location();
    log.info("sensor {} ({}): {}, every {} ms", settings.id(), label, driver.describe(), settings.intervalMs());
    statusSink.accept(status());
    // Between polls too, so that a read that hangs still turns the sensor offline.
    checkTimer = vertx.setPeriodic(settings.intervalMs(), id -> check());
    poll();
  }

  void stop() {
    stopped = true;
    vertx.cancelTimer(checkTimer);
    vertx.cancelTimer(pollTimer);
  }

  SensorStatus status() {
    return new SensorStatus(nodeId, settings.id(), settings.name(), settings.location(), health.state(), health.since(),
        health.lastReadingTs(), health.detail(monotonicMs()), health.readsOk(), health.readsFailed(), health.readsRejected(), pollsSkipped,
        delivery.waiting(), delivery.spooled(), delivery.dropped());
  }

  private void poll() {
    long startedMono = monotonicMs();
    polling = true;
    Future<Void> poll = blockedSinceMono >= 0 ? skip() : attempt(0);
    poll.onComplete(done -> {
      polling = false;
      if (done.failed()) {
        log.error("sensor {}: poll ended with an unexpected error", settings.id(), done.cause());
      }
      if (!stopped) {
        long delay = Math.max(1, startedMono + settings.intervalMs() - monotonicMs());
        pollTimer = vertx.setTimer(delay, id -> poll());
      }
    });
  }

  private Future<Void> attempt(int attempt) {
    if (stopped) {
      return Future.succeededFuture();
    }
    return read().transform(read -> {
      if (stopped) {
        return Future.succeededFuture();
      }
      Future<Void> next = read.succeeded() ? onRead(read.result(), attempt) : onReadFailed(read.cause(), attempt);
      check();
      return next;
    });
  }

  private Future<Void> onRead(Measurement raw, int attempt) {
    consecutiveReadFailures = 0;
    long ts = System.currentTimeMillis();
    Measurement calibrated = settings.calibration().apply(raw);
    Verdict verdict = validator.check(calibrated, ts);
    if (verdict.accepted()) {
      health.accepted(monotonicMs(), ts);
      Reading reading = new Reading(nodeId, settings.id(), ts, calibrated.temperatureC(), calibrated.humidityPct());
      vertx.eventBus().publish(Addresses.SENSOR_READINGS, reading.toJson());
      delivery.add(reading);
      return Future.succeededFuture();
    }
    health.readRejected();
    problem(verdict.reason(), verdict.detail(), null);
    if (verdict.retryable() && attempt < settings.retries()) {
      return retryLater(attempt);
    }
    health.pollFailed(verdict.reason() + ": " + verdict.detail());
    return Future.succeededFuture();
  }

  private Future<Void> onReadFailed(Throwable cause, int attempt) {
    health.readFailed();
    String reason = SensorReadException.reasonOf(cause);
    // Hardware errors are expected and explained by their message; anything else is a bug worth a trace.
    problem(reason, String.valueOf(cause.getMessage()), cause instanceof IOException ? null : cause);
    String why = reason + ": " + cause.getMessage();
    Future<Void> cycled = powerCycleWhenDue(why);
    if (cycled != null) {
      return cycled;
    }
    // A retry would only queue behind the read still blocking the worker.
    if (attempt < settings.retries() && blockedSinceMono < 0) {
      return retryLater(attempt);
    }
    health.pollFailed(why);
    return Future.succeededFuture();
  }

  /** A poll while an abandoned read still blocks the worker: nothing is read, the poll counts as failed. */
  private Future<Void> skip() {
    pollsSkipped++;
    skippedWhileBlocked++;
    long blockedS = (monotonicMs() - blockedSinceMono) / 1000;
    String why = SensorReadException.HUNG + ": read timed out after " + settings.readTimeoutMs() / 1000 + " s and has not returned for "
        + blockedS + " s; " + skippedWhileBlocked + (skippedWhileBlocked == 1 ? " poll" : " polls") + " skipped";
    Future<Void> cycled = powerCycleWhenDue(why);
    if (cycled == null) {
      health.pollFailed(why);
    }
    check();
    return cycled == null ? Future.succeededFuture() : cycled;
  }

  /** Counts a poll without a measurement; power-cycles the sensor when enough came in a row, else null. */
  private Future<Void> powerCycleWhenDue(String why) {
    consecutiveReadFailures++;
    if (power == null || consecutiveReadFailures < settings.power().cycleAfterFailures()) {
      return null;
    }
    consecutiveReadFailures = 0;
    health.pollFailed(why + "; power-cycled");
    log.warn("sensor {}: {} reads in a row failed, power-cycling it through GPIO {} ({} ms off)", settings.id(),
        settings.power().cycleAfterFailures(), power.pin(), settings.power().offMs());
    return power.cycle().recover(e -> {
      log.error("sensor {}: power-cycling through GPIO {} failed", settings.id(), power.pin(), e);
      return Future.succeededFuture();
    });
  }

  /**
   * One driver read on the worker, failed once it has taken readTimeoutSeconds. The abandoned read keeps
   * running; {@link #abandonedReadReturned} hears when it ends.
   */
  private Future<Measurement> read() {
    Promise<Measurement> outcome = Promise.promise();
    long startedMono = monotonicMs();
    long timeout = vertx.setTimer(settings.readTimeoutMs(), id -> {
      if (outcome.future().isComplete()) {
        return;
      }
      // Set before failing the outcome: its handlers decide from it whether a retry could run.
      blockedSinceMono = startedMono;
      skippedWhileBlocked = 0;
      outcome.fail(new SensorReadException(SensorReadException.HUNG, "read timed out after " + settings.readTimeoutMs() / 1000
          + " s; its worker thread stays blocked and polls are skipped until it returns"));
    });
    worker.executeBlocking(() -> {
      Measurement measurement = driver.read();
      if (measurement == null) {
        throw new SensorReadException(SensorReadException.GARBAGE, "the driver returned no measurement");
      }
      return measurement;
    }, false).onComplete(read -> {
      vertx.cancelTimer(timeout);
      boolean inTime = read.succeeded() ? outcome.tryComplete(read.result()) : outcome.tryFail(read.cause());
      if (!inTime) {
        abandonedReadReturned(read, startedMono);
      }
    });
    return outcome.future();
  }

  private void abandonedReadReturned(AsyncResult<Measurement> read, long startedMono) {
    blockedSinceMono = -1;
    if (stopped) {
      return;
    }
    // Its measurement is late by an unknown time, so it is not published: the next poll reads afresh.
    log.info("sensor {}: the read abandoned after {} s returned after {} s ({}); {} polls were skipped meanwhile, polling resumes",
        settings.id(), settings.readTimeoutMs() / 1000, (monotonicMs() - startedMono) / 1000,
        read.succeeded() ? "with a measurement, discarded as stale" : "failed: " + read.cause().getMessage(), skippedWhileBlocked);
    if (!polling) {
      vertx.cancelTimer(pollTimer);
      poll();
    }
  }

  private Future<Void> retryLater(int attempt) {
    long delay = Math.min(MAX_RETRY_DELAY_MS, settings.retryDelayMs() << Math.min(attempt, 16));
    if (delay <= 0) {
      return attempt(attempt + 1);
    }
    return vertx.timer(delay).compose(v -> attempt(attempt + 1));
  }

  private void problem(String reason, String detail, Throwable bug) {
    long now = System.currentTimeMillis();
    summary.flush(now).ifPresent(line -> log.warn("{}", line));
    summary.record(reason, detail, now).ifPresent(line -> {
      if (bug == null) {
        log.warn("{}", line);
      } else {
        log.warn("{}", line, bug);
      }
    });
  }

  private void check() {
    if (stopped) {
      return;
    }
    summary.flush(System.currentTimeMillis()).ifPresent(line -> log.warn("{}", line));
    if (health.update(monotonicMs(), System.currentTimeMillis())) {
      SensorStatus status = status();
      if (status.detail().isEmpty()) {
        log.info("sensor {} is {}", settings.id(), status.state().wire());
      } else {
        log.warn("sensor {} is {}: {}", settings.id(), status.state().wire(), status.detail());
      }
      statusSink.accept(status);
    }
  }

  private static long monotonicMs() {
    return System.nanoTime() / 1_000_000;
  }
}
