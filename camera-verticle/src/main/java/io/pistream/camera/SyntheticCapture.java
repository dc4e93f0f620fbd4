package io.pistream.camera;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** Serves a pre-rendered loop at the profile's frame rate from a timer: no per-frame work but a publish. */
final class SyntheticCapture implements Capture {

  private final Vertx vertx;
  private final SyntheticLoops loops;
  private final SyntheticLoop.Key key;
  private final int fps;
  private final CaptureListener listener;
  private boolean stopped;
  private long timer = -1;

  SyntheticCapture(Vertx vertx, SyntheticLoops loops, SyntheticLoop.Key key, int fps, CaptureListener listener) {
    this.vertx = vertx;
    this.loops = loops;
    this.key = key;
    this.fps = fps;
    this.listener = listener;
  }

  @Override
  public void start() {
    loops.get(key).onComplete(loop -> {
      if (!stopped) {
        listener.started();
        long startedAt = System.nanoTime();
        long[] lastIndex = {-1};
        timer = vertx.setPeriodic(1, Math.max(1, 1000 / fps), id -> {
          long index = (System.nanoTime() - startedAt) * fps / 1_000_000_000L;
          if (index != lastIndex[0]) {
            lastIndex[0] = index;
            listener.frame(loop.frame(index));
          }
        });
      }
    }, e -> {
      if (!stopped) {
        listener.failed(CaptureFailure.broken("cannot render synthetic frames: " + e.getMessage()));
      }
    });
  }

  @Override
  public Future<Void> stop() {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return Future.succeededFuture();
  }
}
