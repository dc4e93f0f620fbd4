package io.pistream.web;

import io.pistream.testing.Eventually;
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
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/** What the camera stream tests share: deploying the routes with fake cameras, their patience, decoding. */
final class CameraStreamTesting {

  static final String NODE = "node-a";
  static final Eventually EVENTUALLY = Eventually.within(Duration.ofSeconds(30));

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
    EVENTUALLY.until(vertx, "the routes to list " + cameras.length + " cameras",
        () -> probe.request(HttpMethod.GET, host.port(), "127.0.0.1", "/api/cameras")
            .compose(HttpClientRequest::send)
            .compose(HttpClientResponse::body)
            .map(Buffer::toJsonObject),
        list -> list.getJsonArray("cameras").size() >= cameras.length).await();
    await(probe.close());
    return host.port();
  }

  static <T> T await(Future<T> future) {
    return future.timeout(30, TimeUnit.SECONDS).await();
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
