package io.pistream.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.pistream.camera.BenchSyntheticLoop;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The yardstick of the stream benchmark: the least a Vert.x 5 server can do to fan one MJPEG camera out.
 * One HTTP verticle, the camera verticle's synthetic JPEG loop, a timer at the camera's rate, and per
 * frame one pooled direct buffer (part head, JPEG, CRLF) written to every viewer whose queue has room,
 * each write holding a reference until it completes. No event bus, no sensor, no storage, no caps, no
 * status. Any {@code .mjpg} path is the stream, anything else a 404. Run with the same JVM flags as pistream.
 *
 * <p>Args as key=value: port, width, height, fps, quality, frames (the loop's length), queueFrames.
 */
public final class MinimalFanOut extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(MinimalFanOut.class);
  private static final String BOUNDARY = "pistreamframe";

  private final int port;
  private final int fps;
  private final int queueFrames;
  private final List<Buffer> jpegs;
  private final List<HttpServerResponse> viewers = new ArrayList<>();
  private ByteBuf latest;
  private Buffer latestView;

  private MinimalFanOut(int port, int fps, int queueFrames, List<Buffer> jpegs) {
    this.port = port;
    this.fps = fps;
    this.queueFrames = queueFrames;
    this.jpegs = jpegs;
  }

  public static void main(String[] args) {
    Map<String, String> arg = new HashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      arg.put(a.substring(0, eq), a.substring(eq + 1));
    }
    List<Buffer> jpegs = BenchSyntheticLoop.render(Integer.parseInt(arg.getOrDefault("width", "1920")),
        Integer.parseInt(arg.getOrDefault("height", "1080")), Integer.parseInt(arg.getOrDefault("quality", "80")),
        Integer.parseInt(arg.getOrDefault("frames", "48")));
    MinimalFanOut server = new MinimalFanOut(Integer.parseInt(arg.getOrDefault("port", "18091")),
        Integer.parseInt(arg.getOrDefault("fps", "24")), Integer.parseInt(arg.getOrDefault("queueFrames", "2")), jpegs);
    Vertx.vertx().deployVerticle(server).await();
    log.info("minimal fan-out on port {}: {} frames of about {} KB at {} fps", server.port, jpegs.size(),
        jpegs.get(0).length() / 1024, server.fps);
  }

  @Override
  public Future<?> start() {
    long startedAt = System.nanoTime();
    long[] lastIndex = {-1};
    vertx.setPeriodic(1, Math.max(1, 1000 / fps), id -> {
      long index = (System.nanoTime() - startedAt) * fps / 1_000_000_000L;
      if (index != lastIndex[0]) {
        lastIndex[0] = index;
        publish(jpegs.get((int) (index % jpegs.size())));
      }
    });
    return vertx.createHttpServer()
        .requestHandler(request -> {
          if (!request.path().endsWith(".mjpg")) {
            request.response().setStatusCode(404).end();
            return;
          }
          HttpServerResponse response = request.response()
              .setChunked(true)
              .putHeader("Content-Type", "multipart/x-mixed-replace; boundary=" + BOUNDARY);
          response.setWriteQueueMaxSize(queueFrames * jpegs.get(0).length());
          response.closeHandler(v -> viewers.remove(response));
          viewers.add(response);
          response.write("--" + BOUNDARY + "\r\n");
          if (latest != null) {
            write(response, latest, latestView);
          }
        })
        .listen(port, "127.0.0.1");
  }

  private void publish(Buffer jpeg) {
    byte[] head = ("Content-Type: image/jpeg\r\nContent-Length: " + jpeg.length() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] tail = ("\r\n--" + BOUNDARY + "\r\n").getBytes(StandardCharsets.US_ASCII);
    ByteBuf part = ByteBufAllocator.DEFAULT.directBuffer(head.length + jpeg.length() + tail.length);
    part.writeBytes(head).writeBytes(((BufferInternal) jpeg).getByteBuf()).writeBytes(tail);
    if (latest != null) {
      latest.release();
    }
    latest = part;
    latestView = BufferInternal.buffer(part);
    for (HttpServerResponse viewer : List.copyOf(viewers)) {
      if (!viewer.writeQueueFull()) {
        write(viewer, part, latestView);
      }
    }
  }

  private static void write(HttpServerResponse viewer, ByteBuf part, Buffer view) {
    part.retain();
    viewer.write(view).onComplete(done -> part.release());
  }
}
