package io.pistream.camera;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

/**
 * Loops an .mjpeg file (concatenated JPEGs) at the profile's frame rate. The file is streamed, one frame
 * in memory at a time, on a capture worker that paces itself.
 */
final class FileCapture implements Capture {

  private static final long RESYNC_NANOS = 1_000_000_000L;

  private final Context context;
  private final WorkerExecutor workers;
  private final Path file;
  private final int fps;
  private final int maxFrameBytes;
  private final CaptureListener listener;
  private volatile boolean stopped;
  private final Promise<Void> finished = Promise.promise();

  FileCapture(Context context, WorkerExecutor workers, Path file, int fps, int maxFrameBytes, CaptureListener listener) {
    this.context = context;
    this.workers = workers;
    this.file = file;
    this.fps = fps;
    this.maxFrameBytes = maxFrameBytes;
    this.listener = listener;
  }

  @Override
  public void start() {
    workers.executeBlocking(() -> {
      loop();
      return null;
    }, false).onComplete(v -> finished.tryComplete(), e -> {
      finished.tryComplete();
      if (!stopped) {
        listener.failed(e instanceof NoSuchFileException
            ? CaptureFailure.noDevice("file " + file + " not found")
            : CaptureFailure.broken("cannot read " + file + ": " + e.getMessage()));
      }
    });
  }

  private void loop() throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString());
    }
    context.runOnContext(v -> {
      if (!stopped) {
        listener.started();
      }
    });
    FrameHandoff handoff = new FrameHandoff(context, listener);
    long frameNanos = 1_000_000_000L / fps;
    long[] due = {System.nanoTime()};
    while (!stopped) {
      long[] frames = {0};
      JpegSplitter splitter = new JpegSplitter(maxFrameBytes, frame -> {
        long wait = due[0] - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        } else if (-wait > RESYNC_NANOS) {
          due[0] = System.nanoTime();
        }
        due[0] += frameNanos;
        frames[0]++;
        if (!stopped) {
          handoff.offer(frame);
        }
      });
      try (InputStream in = Files.newInputStream(file)) {
        while (!stopped && splitter.readFrom(in) >= 0) {
          // each read is split as it comes
        }
      }
      if (frames[0] == 0 && !stopped) {
        throw new IOException("no JPEG frames in it");
      }
    }
  }

  @Override
  public Future<Void> stop() {
    stopped = true;
    return finished.future();
  }
}
