package io.pistream.web;

import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;

/**
 * One MJPEG viewer. It gets a frame only when its write queue has room (latest frame wins), skips
 * frames to match the rate it asked for, and tells when its queue has stayed full too long.
 */
final class ViewerConnection {

  private final long id;
  private final HttpServerResponse response;
  private final HttpConnection connection;
  private final String remote;
  private final int requestedFps;
  private final long connectedSince;
  private double credit = 1.0;
  private long delivered;
  private long skipped;
  private long fullSinceNanos;
  private long deliveredAtLastTick;
  private long lastTickNanos;
  private double deliveredFps;

  ViewerConnection(long id, HttpServerResponse response, HttpConnection connection, String remote, int requestedFps) {
    this.id = id;
    this.response = response;
    this.connection = connection;
    this.remote = remote;
    this.requestedFps = requestedFps;
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

  /** Writes the part unless this viewer's rate or full queue says to skip it. */
  void offer(MjpegStreamPart part, int cameraFps) {
    if (response.closed()) {
      return;
    }
    if (requestedFps > 0 && cameraFps > requestedFps) {
      credit += (double) requestedFps / cameraFps;
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

  void measure(long nowNanos) {
    long elapsed = nowNanos - lastTickNanos;
    if (elapsed > 0) {
      deliveredFps = (delivered - deliveredAtLastTick) * (double) TimeUnit.SECONDS.toNanos(1) / elapsed;
    }
    deliveredAtLastTick = delivered;
    lastTickNanos = nowNanos;
  }

  JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("remote", remote)
        .put("requestedFps", requestedFps)
        .put("deliveredFps", Math.round(deliveredFps * 10) / 10.0)
        .put("deliveredFrames", delivered)
        .put("skippedFrames", skipped)
        .put("connectedSince", connectedSince);
  }
}
