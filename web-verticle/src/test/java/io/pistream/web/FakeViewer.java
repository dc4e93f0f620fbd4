package io.pistream.web;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An MJPEG client for tests: reads a stream, splits it into parts by their Content-Length, keeps the
 * last part and counts them; {@link #frames(int)} completes when that many have arrived.
 */
final class FakeViewer {

  private record Waiter(long count, Promise<Void> promise) {
  }

  private final List<Waiter> waiters = new ArrayList<>();
  private HttpClientResponse response;
  private Buffer pending = Buffer.buffer();
  private long parts;
  private Map<String, String> lastHeaders = Map.of();
  private Buffer lastJpeg;
  private String firstLine;

  /** Connects and completes once the response head arrived, whatever its status. */
  static Future<FakeViewer> open(HttpClient client, int port, String path) {
    return open(client, port, path, null);
  }

  /** As {@link #open(HttpClient, int, String)}, with an Authorization header when not null. */
  static Future<FakeViewer> open(HttpClient client, int port, String path, String authorization) {
    FakeViewer viewer = new FakeViewer();
    return client.request(HttpMethod.GET, port, "127.0.0.1", path)
        .compose(request -> {
          if (authorization != null) {
            request.putHeader("Authorization", authorization);
          }
          return request.send();
        })
        .map(response -> {
          viewer.response = response;
          if (response.statusCode() == 200) {
            response.handler(viewer::onData);
          } else {
            response.pause();
          }
          return viewer;
        });
  }

  int status() {
    return response.statusCode();
  }

  MultiMap headers() {
    return response.headers();
  }

  /** The whole body of a non-streaming answer (an error). */
  Future<Buffer> body() {
    Future<Buffer> body = response.body();
    response.resume();
    return body;
  }

  synchronized long parts() {
    return parts;
  }

  synchronized Map<String, String> lastHeaders() {
    return lastHeaders;
  }

  synchronized Buffer lastJpeg() {
    return lastJpeg;
  }

  synchronized String firstLine() {
    return firstLine;
  }

  /** Completes once this viewer has received {@code count} parts in all. */
  synchronized Future<Void> frames(long count) {
    if (parts >= count) {
      return Future.succeededFuture();
    }
    Promise<Void> promise = Promise.promise();
    waiters.add(new Waiter(count, promise));
    return promise.future();
  }

  Future<Void> close() {
    return response.request().connection().close();
  }

  private synchronized void onData(Buffer data) {
    pending.appendBuffer(data);
    while (true) {
      String text = pending.getString(0, Math.min(pending.length(), 512), StandardCharsets.ISO_8859_1.name());
      int end = text.indexOf("\r\n\r\n");
      if (end < 0) {
        return;
      }
      String[] lines = text.substring(0, end).split("\r\n");
      Map<String, String> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        headers.put(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim());
      }
      int length = Integer.parseInt(headers.get("Content-Length"));
      int bodyStart = end + 4;
      if (pending.length() < bodyStart + length + 2) {
        return;
      }
      if (firstLine == null) {
        firstLine = lines[0];
      }
      lastHeaders = headers;
      lastJpeg = pending.getBuffer(bodyStart, bodyStart + length);
      pending = pending.getBuffer(bodyStart + length + 2, pending.length());
      parts++;
      waiters.removeIf(waiter -> {
        if (parts >= waiter.count()) {
          waiter.promise().complete();
          return true;
        }
        return false;
      });
    }
  }
}
