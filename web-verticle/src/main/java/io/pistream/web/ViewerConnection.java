package io.pistream.web;

import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One MJPEG viewer. It gets a frame only when its write queue has room (latest frame wins) and skips
 * frames to match its rate: the step of the camera's ladder the budget gives it ({@link ViewerLadder}),
 * lowered while its own link cannot keep up, and never above what it asked for. It tells when its queue
 * has stayed full too long.
 */
final class ViewerConnection {

  /** Seconds in a row of frames skipped for a full queue before the viewer moves down a step. */
  static final int SLOW_SECONDS_TO_STEP_DOWN = 2;
  /** Seconds in a row without one before it moves back up a step. */
  static final int CLEAR_SECONDS_TO_STEP_UP = 10;

  private final long id;
  private final HttpServerResponse response;
  private final HttpConnection connection;
  private final String remote;
  private final String client;
  private final int requestedFps;
  private final long connectedSince;
  private int stepFps;
  private int linkFps = Integer.MAX_VALUE;
  private double credit = 1.0;
  private long delivered;
  private long skipped;
  private long fullSinceNanos;
  private long deliveredAtLastTick;
  private long skippedAtLastTick;
  private long lastTickNanos;
  private double deliveredFps;
  private int slowSeconds;
  private int clearSeconds;

  /**
   * @param client the id the page sent with {@code ?client=}, so it can find itself in the camera list; "" for none
   * @param requestedFps the rate asked for with {@code ?fps=}, 0 for none
   * @param stepFps the step it was admitted at
   */
  ViewerConnection(long id, HttpServerResponse response, HttpConnection connection, String remote, String client,
      int requestedFps, int stepFps) {
    this.id = id;
    this.response = response;
    this.connection = connection;
    this.remote = remote;
    this.client = client;
    this.requestedFps = requestedFps;
    this.stepFps = stepFps;
    this.connectedSince = System.currentTimeMillis();
    this.lastTickNanos = System.nanoTime();
    response.drainHandler(v -> fullSinceNanos = 0);
  }

  long id() {
    return id;
  }

  HttpServerResponse response() {
    return response;
  }

  int requestedFps() {
    return requestedFps;
  }

  /** The step the budget gives it; its own link may hold it lower. */
  int stepFps() {
    return stepFps;
  }

  void stepFps(int fps) {
    stepFps = fps;
  }

  /** The ladder step it is on: the budget's, or lower while its link is slow. */
  int ladderFps() {
    return Math.min(stepFps, linkFps);
  }

  /** The rate it gets now. */
  int fps() {
    return requestedFps > 0 ? Math.min(ladderFps(), requestedFps) : ladderFps();
  }

  /** Why it gets {@link #fps()}: {@code full}, {@code requested}, {@code link} or {@code budget}. */
  String reason(int fullFps) {
    if (fps() >= fullFps) {
      return "full";
    }
    if (requestedFps > 0 && requestedFps <= ladderFps()) {
      return "requested";
    }
    return linkFps < stepFps ? "link" : "budget";
  }

  /** Writes the part unless this viewer's rate or full queue says to skip it. */
  void offer(MjpegStreamPart part, int cameraFps) {
    if (response.closed()) {
      return;
    }
    int fps = fps();
    if (cameraFps > fps) {
      credit += (double) fps / cameraFps;
      if (credit < 1.0) {
        return;
      }
      credit -= 1.0;
    }
    if (response.writeQueueFull()) {
      skipped++;
      if (fullSinceNanos == 0) {
        fullSinceNanos = System.nanoTime();
      }
      return;
    }
    fullSinceNanos = 0;
    delivered++;
    part.writeTo(response);
  }

  /** Closes the connection at once, dropping what is queued for it (see {@link ConnectionCloser}). */
  void disconnect() {
    ConnectionCloser.closeNow(connection, response);
  }

  /** Sized in frames of the current part size, so memory per viewer stays bounded whatever the quality. */
  void queueLimit(int bytes) {
    response.setWriteQueueMaxSize(bytes);
  }

  long skipped() {
    return skipped;
  }

  long delivered() {
    return delivered;
  }

  boolean stalledLongerThan(long nanos, long nowNanos) {
    return fullSinceNanos != 0 && nowNanos - fullSinceNanos > nanos;
  }

  /**
   * Once a second: measures the delivered rate, and moves the viewer down a step of {@code ladder} when
   * its queue kept filling, back up when it kept up for a while.
   */
  void tick(long nowNanos, List<Integer> ladder) {
    long elapsed = nowNanos - lastTickNanos;
    if (elapsed > 0) {
      deliveredFps = (delivered - deliveredAtLastTick) * (double) TimeUnit.SECONDS.toNanos(1) / elapsed;
    }
    boolean slow = skipped > skippedAtLastTick;
    deliveredAtLastTick = delivered;
    skippedAtLastTick = skipped;
    lastTickNanos = nowNanos;
    slowSeconds = slow ? slowSeconds + 1 : 0;
    clearSeconds = slow ? 0 : clearSeconds + 1;
    if (slowSeconds >= SLOW_SECONDS_TO_STEP_DOWN) {
      int lower = nextBelow(ladder, ladderFps());
      if (lower > 0) {
        linkFps = lower;
      }
      slowSeconds = 0;
    } else if (clearSeconds >= CLEAR_SECONDS_TO_STEP_UP && linkFps < stepFps) {
      int higher = nextAbove(ladder, linkFps);
      linkFps = higher >= stepFps ? Integer.MAX_VALUE : higher;
      clearSeconds = 0;
    }
  }

  JsonObject toJson(int fullFps) {
    return new JsonObject()
        .put("id", id)
        .put("client", client)
        .put("remote", remote)
        .put("fps", fps())
        .put("reason", reason(fullFps))
        .put("requestedFps", requestedFps)
        .put("deliveredFps", Math.round(deliveredFps * 10) / 10.0)
        .put("deliveredFrames", delivered)
        .put("skippedFrames", skipped)
        .put("connectedSince", connectedSince);
  }

  private static int nextBelow(List<Integer> ladder, int fps) {
    for (int step : ladder) {
      if (step < fps) {
        return step;
      }
    }
    return 0;
  }

  private static int nextAbove(List<Integer> ladder, int fps) {
    int above = Integer.MAX_VALUE;
    for (int step : ladder) {
      if (step > fps) {
        above = step;
      }
    }
    return above;
  }
}
