package io.pistream.camera;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a capture program (rpicam-vid, libcamera-vid, ffmpeg) and cuts its stdout into frames. Starting
 * the process and reading its pipes are blocking, so they run on the capture worker pool; results come
 * back to the camera's context. The program's exit or a broken pipe is a failure unless we stopped it.
 */
final class ProcessCapture implements Capture {

  private static final Logger log = LoggerFactory.getLogger(ProcessCapture.class);
  private static final long KILL_GRACE_MS = 2_000;
  /** How long the exit report waits for stderr's last lines, which usually say why. */
  private static final long STDERR_DRAIN_MS = 1_000;

  private final Vertx vertx;
  private final Context context;
  private final WorkerExecutor workers;
  private final String cameraId;
  private final List<String> command;
  private final int maxFrameBytes;
  private final CaptureListener listener;
  private final StderrLog stderr;
  private volatile boolean stopped;
  private Process process;
  private final Promise<Void> finished = Promise.promise();

  ProcessCapture(Vertx vertx, Context context, WorkerExecutor workers, String cameraId, List<String> command,
      int maxFrameBytes, CaptureListener listener) {
    this.vertx = vertx;
    this.context = context;
    this.workers = workers;
    this.cameraId = cameraId;
    this.command = List.copyOf(command);
    this.maxFrameBytes = maxFrameBytes;
    this.listener = listener;
    this.stderr = new StderrLog("camera " + cameraId + " " + program());
  }

  @Override
  public void start() {
    log.info("camera {}: starting {}", cameraId, String.join(" ", command));
    workers.executeBlocking(() -> {
      ProcessBuilder builder = new ProcessBuilder(command);
      Process started = builder.start();
      started.getOutputStream().close();
      return started;
    }, false).onComplete(this::spawned, e -> {
      finished.tryComplete();
      if (!stopped) {
        listener.failed(startFailure(e));
      }
    });
  }

  private void spawned(Process started) {
    process = started;
    if (stopped) {
      kill(started);
      finished.tryComplete();
      return;
    }
    listener.started();
    CountDownLatch stderrDrained = new CountDownLatch(1);
    workers.executeBlocking(() -> {
      try {
        readStderr(started);
      } finally {
        stderrDrained.countDown();
      }
      return null;
    }, false);
    FrameHandoff handoff = new FrameHandoff(context, listener);
    workers.executeBlocking(() -> {
      int exitCode = readFrames(started, handoff);
      stderrDrained.await(STDERR_DRAIN_MS, TimeUnit.MILLISECONDS);
      return exitCode;
    }, false).onComplete(exitCode -> {
      finished.tryComplete();
      stderr.summarize();
      if (!stopped) {
        String last = stderr.lastLine();
        listener.failed(CaptureFailure.broken(program() + " exited with code " + exitCode + (last.isEmpty() ? "" : ": " + last)));
      }
    }, e -> {
      finished.tryComplete();
      if (!stopped) {
        listener.failed(CaptureFailure.broken("reading from " + program() + " failed: " + e.getMessage()));
      }
    });
  }

  private int readFrames(Process running, FrameHandoff handoff) throws IOException, InterruptedException {
    JpegSplitter splitter = new JpegSplitter(maxFrameBytes, frame -> {
      if (!stopped) {
        handoff.offer(frame);
      }
    });
    try (InputStream out = running.getInputStream()) {
      while (splitter.readFrom(out) >= 0) {
        // each read is split as it comes
      }
    }
    if (splitter.dropped() > 0) {
      log.info("camera {}: {} dropped {} broken or oversized frames", cameraId, program(), splitter.dropped());
    }
    return running.waitFor();
  }

  private void readStderr(Process running) throws IOException {
    try (BufferedReader err = new BufferedReader(new InputStreamReader(running.getErrorStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = err.readLine()) != null) {
        stderr.line(line);
      }
    }
  }

  @Override
  public Future<Void> stop() {
    stopped = true;
    if (process != null) {
      kill(process);
    }
    return finished.future();
  }

  private void kill(Process running) {
    running.destroy();
    vertx.setTimer(KILL_GRACE_MS, id -> {
      if (running.isAlive()) {
        log.warn("camera {}: {} ignored SIGTERM for {} ms, killing it", cameraId, program(), KILL_GRACE_MS);
        running.destroyForcibly();
      }
    });
  }

  private CaptureFailure startFailure(Throwable e) {
    String message = String.valueOf(e.getMessage());
    if (message.contains("error=2,")) {
      return CaptureFailure.noDevice(program() + " not found");
    }
    if (message.contains("error=13,")) {
      return CaptureFailure.noDevice(program() + " is not executable");
    }
    return CaptureFailure.broken("cannot start " + program() + ": " + message);
  }

  private String program() {
    return command.get(0);
  }
}
