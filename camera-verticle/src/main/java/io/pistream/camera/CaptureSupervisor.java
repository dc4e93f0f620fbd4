package io.pistream.camera;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.micrometer.backends.BackendRegistries;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one camera's capture going: starts and stops its {@link Capture} runs, restarts a run that
 * failed or stalled after a growing delay, and passes on the events of the current run only. Used on
 * the camera's event loop only.
 */
final class CaptureSupervisor {

  /** What the camera hears of its capture. */
  interface Events {

    void frame(JpegFrame frame);

    /** The run broke; the next one starts after the restart delay. */
    void failed(CaptureFailure failure, int attempt);
  }

  private static final Logger log = LoggerFactory.getLogger(CaptureSupervisor.class);
  /** A run that delivered this long is healthy: the next failure restarts after the shortest delay. */
  private static final long HEALTHY_RUN_MS = 10_000;

  private final Vertx vertx;
  private final String cameraId;
  private final Function<CaptureListener, Capture> newRun;
  private final RestartBackoff backoff;
  private final long stallMs;
  private final LongSupplier clock;
  private final Events events;

  private Capture capture;
  private long generation;
  private boolean captureStarted;
  private long lastFrameAt;
  private long runFirstFrameAt;
  private long restartTimer = -1;
  /** Null when the node runs without metrics. */
  private final Counter restarts;

  /**
   * @param newRun creates a run delivering to the listener it is given, for the profile the camera has then
   * @param clock epoch ms
   */
  CaptureSupervisor(Vertx vertx, String cameraId, Function<CaptureListener, Capture> newRun, RestartBackoff backoff,
      long stallMs, LongSupplier clock, Events events) {
    this.vertx = vertx;
    this.cameraId = cameraId;
    this.newRun = newRun;
    this.backoff = backoff;
    this.stallMs = stallMs;
    this.clock = clock;
    this.events = events;
    MeterRegistry meters = BackendRegistries.getDefaultNow();
    this.restarts = meters == null ? null : Counter.builder("pistream.camera.capture.restarts").tag("camera", cameraId)
        .description("capture runs restarted after a failure").register(meters);
  }

  /** Starts a fresh run with the shortest restart delay, ending the run under way first. */
  void start() {
    stop();
    backoff.reset();
    run();
  }

  /** Ends the run and any pending restart; completes once nothing of the run is left working. */
  Future<Void> stop() {
    cancelRestart();
    return endRun();
  }

  /** Whether the run current now is still the current one when asked later. */
  BooleanSupplier sameRun() {
    long run = generation;
    return () -> run == generation;
  }

  /** Called about once a second: fails a started run that stopped delivering, and forgives after a healthy run. */
  void check() {
    long now = clock.getAsLong();
    if (capture != null && captureStarted && now - lastFrameAt > stallMs) {
      fail(CaptureFailure.broken("no frame for " + (now - lastFrameAt) / 1000 + " s (stalled)"));
    } else if (runFirstFrameAt > 0 && now - runFirstFrameAt >= HEALTHY_RUN_MS) {
      backoff.reset();
    }
  }

  private void run() {
    long run = ++generation;
    capture = newRun.apply(new CaptureListener() {
      @Override
      public void started() {
        if (run == generation) {
          captureStarted = true;
          lastFrameAt = clock.getAsLong();
        }
      }

      @Override
      public void frame(JpegFrame frame) {
        if (run == generation) {
          lastFrameAt = clock.getAsLong();
          if (runFirstFrameAt == 0) {
            runFirstFrameAt = lastFrameAt;
          }
          events.frame(frame);
        }
      }

      @Override
      public void failed(CaptureFailure failure) {
        if (run == generation) {
          fail(failure);
        }
      }
    });
    capture.start();
  }

  private Future<Void> endRun() {
    generation++;
    captureStarted = false;
    // a run that is over counts as healthy no more, however long it delivered
    runFirstFrameAt = 0;
    if (capture == null) {
      return Future.succeededFuture();
    }
    Future<Void> stopped = capture.stop();
    capture = null;
    return stopped;
  }

  private void fail(CaptureFailure failure) {
    endRun();
    long delay = backoff.nextDelayMs();
    int attempt = backoff.attempts();
    log.warn("camera {}: {}; retrying in {} ms (attempt {})", cameraId, failure.reason(), delay, attempt);
    cancelRestart();
    restartTimer = vertx.setTimer(delay, id -> {
      restartTimer = -1;
      if (restarts != null) {
        restarts.increment();
      }
      run();
    });
    events.failed(failure, attempt);
  }

  private void cancelRestart() {
    if (restartTimer >= 0) {
      vertx.cancelTimer(restartTimer);
      restartTimer = -1;
    }
  }
}
