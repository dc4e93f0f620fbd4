package io.pistream.web;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.imageio.ImageIO;

/** What the camera stream tests share: deploying the routes with fake cameras, waiting, decoding. */
final class CameraStreamTesting {

  static final String NODE = "node-a";

  static FakeCamera.Profile high() {
    return new FakeCamera.Profile("high", 320, 240, 20, 5, false);
  }

  static FakeCamera.Profile low() {
    return new FakeCamera.Profile("low", 160, 120, 20, 10, false);
  }

  /** Deploys the cameras, then the routes, and answers the HTTP port once all are ready. */
  static int serve(Vertx vertx, JsonObject streamConfig, FakeCamera... cameras) {
    for (FakeCamera camera : cameras) {
      await(vertx.deployVerticle(camera));
    }
    CameraRoutesHost host = new CameraRoutesHost(streamConfig, NODE);
    await(vertx.deployVerticle(host));
    for (FakeCamera camera : cameras) {
      // the routes asked for a refresh at start; this status makes sure the test waits for none
      camera.publishStatus();
    }
    HttpClient probe = vertx.createHttpClient();
    await(eventually(vertx, () -> probe.request(HttpMethod.GET, host.port(), "127.0.0.1", "/api/cameras")
        .compose(HttpClientRequest::send)
        .compose(HttpClientResponse::body)
        .map(body -> body.toJsonObject().getJsonArray("cameras").size() >= cameras.length)));
    await(probe.close());
    return host.port();
  }

  static <T> T await(Future<T> future) {
    return future.timeout(30, TimeUnit.SECONDS).await();
  }

  /** Completes when the check answers true, checking every 100 ms for at most 30 s. */
  static Future<Void> eventually(Vertx vertx, Supplier<Future<Boolean>> check) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    return poll(vertx, check, deadline);
  }

  private static Future<Void> poll(Vertx vertx, Supplier<Future<Boolean>> check, long deadline) {
    return check.get().compose(done -> {
      if (done) {
        return Future.succeededFuture();
      }
      if (System.nanoTime() > deadline) {
        return Future.failedFuture(new AssertionError("condition not met within 30 s"));
      }
      return vertx.timer(100).compose(v -> poll(vertx, check, deadline));
    });
  }

  /**
   * A viewer on a plain socket (no Netty, so nothing of it is pooled) that sends the request and never
   * reads: the server's writes to it pile up in its queue.
   */
  static Socket nonReadingViewer(int port, String path) throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(4096);
    socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
    socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    return socket;
  }

  static BufferedImage decode(Buffer jpeg) {
    try {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg.getBytes()));
      if (image == null) {
        throw new AssertionError("not a JPEG: " + jpeg.length() + " bytes");
      }
      return image;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private CameraStreamTesting() {
  }
}
