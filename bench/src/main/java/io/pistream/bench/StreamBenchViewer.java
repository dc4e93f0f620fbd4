package io.pistream.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One benchmark viewer: counts complete multipart parts by their Content-Length without copying the
 * JPEGs; a slow one reads no faster than its byte rate, the way a viewer on a weak link does.
 */
final class StreamBenchViewer {

  private final Vertx vertx;
  private final long bytesPerSecond;
  private final AtomicLong parts = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final byte[] head = new byte[1024];
  private int headLength;
  private long remaining;
  private long requestNanos;
  private volatile long firstPartNanos;
  private long startedNanos;
  private boolean throttled;
  private HttpClientResponse response;

  StreamBenchViewer(Vertx vertx, long bytesPerSecond) {
    this.vertx = vertx;
    this.bytesPerSecond = bytesPerSecond;
  }

  /** Completes with the response status once the head arrived; parts are counted from then on. */
  Future<Integer> open(HttpClient client, int port, String path) {
    requestNanos = System.nanoTime();
    return client.request(HttpMethod.GET, port, "127.0.0.1", path)
        .compose(request -> request.send())
        .map(resp -> {
          response = resp;
          startedNanos = System.nanoTime();
          resp.handler(this::onData);
          return resp.statusCode();
        });
  }

  long parts() {
    return parts.get();
  }

  long bytes() {
    return bytes.get();
  }

  /** Milliseconds from sending the request to the end of the first part; -1 before it. */
  double firstFrameMs() {
    long first = firstPartNanos;
    return first == 0 ? -1 : (first - requestNanos) / 1e6;
  }

  Future<Void> close() {
    return response == null ? Future.succeededFuture() : response.request().connection().close();
  }

  private void onData(Buffer data) {
    int length = data.length();
    bytes.addAndGet(length);
    int i = 0;
    while (i < length) {
      if (remaining > 0) {
        int take = (int) Math.min(remaining, length - i);
        remaining -= take;
        i += take;
        if (remaining == 0) {
          if (parts.incrementAndGet() == 1) {
            firstPartNanos = System.nanoTime();
          }
        }
        continue;
      }
      head[headLength++] = data.getByte(i++);
      if (headLength >= 4 && head[headLength - 1] == '\n' && head[headLength - 2] == '\r'
          && head[headLength - 3] == '\n' && head[headLength - 4] == '\r') {
        remaining = contentLength() + 2;
        headLength = 0;
      } else if (headLength == head.length) {
        throw new IllegalStateException("part head longer than " + head.length + " bytes");
      }
    }
    if (bytesPerSecond > 0) {
      throttle();
    }
  }

  private long contentLength() {
    String text = new String(head, 0, headLength, StandardCharsets.ISO_8859_1);
    int at = text.indexOf("Content-Length:");
    if (at < 0) {
      return 0;
    }
    int end = text.indexOf('\r', at);
    return Long.parseLong(text.substring(at + "Content-Length:".length(), end).trim());
  }

  private void throttle() {
    if (throttled) {
      return;
    }
    double allowed = (System.nanoTime() - startedNanos) / 1e9 * bytesPerSecond;
    double ahead = bytes.get() - allowed;
    if (ahead > 0) {
      throttled = true;
      response.pause();
      vertx.setTimer(Math.max(1, (long) (ahead * 1000 / bytesPerSecond)), id -> {
        throttled = false;
        response.resume();
      });
    }
  }
}
