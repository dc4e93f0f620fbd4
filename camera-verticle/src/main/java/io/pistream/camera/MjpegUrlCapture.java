package io.pistream.camera;

import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * Pulls an MJPEG stream (multipart/x-mixed-replace) over HTTP, non-blocking. The multipart boundaries
 * and part headers are plain text without FF D8, so the splitter skips them like any bytes between
 * frames; that also copes with servers whose Content-Length or boundary is wrong.
 */
final class MjpegUrlCapture implements Capture {

  private final HttpClient client;
  private final String url;
  private final int maxFrameBytes;
  private final CaptureListener listener;
  private boolean stopped;
  private HttpClientRequest request;

  MjpegUrlCapture(HttpClient client, String url, int maxFrameBytes, CaptureListener listener) {
    this.client = client;
    this.url = url;
    this.maxFrameBytes = maxFrameBytes;
    this.listener = listener;
  }

  @Override
  public void start() {
    client.request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url))
        .compose(req -> {
          request = req;
          if (stopped) {
            req.reset();
          }
          return req.send();
        })
        .onComplete(this::connected, e -> fail("cannot read " + url + ": " + e.getMessage()));
  }

  private void connected(HttpClientResponse response) {
    if (stopped) {
      return;
    }
    if (response.statusCode() != 200) {
      response.end();
      fail(url + " answered " + response.statusCode() + " " + response.statusMessage());
      return;
    }
    listener.started();
    JpegSplitter splitter = new JpegSplitter(maxFrameBytes, frame -> {
      if (!stopped) {
        listener.frame(frame);
      }
    });
    response.handler(splitter::push);
    response.exceptionHandler(e -> fail("stream from " + url + " broke: " + e.getMessage()));
    response.endHandler(v -> fail("stream from " + url + " ended"));
  }

  private void fail(String reason) {
    if (!stopped) {
      stopped = true;
      listener.failed(CaptureFailure.broken(reason));
    }
  }

  @Override
  public Future<Void> stop() {
    stopped = true;
    if (request != null) {
      request.reset();
    }
    return Future.succeededFuture();
  }
}
