package io.pistream.camera;

import static io.pistream.camera.CameraTests.NODE;
import static io.pistream.camera.CameraTests.demand;
import static io.pistream.camera.CameraTests.deploy;
import static io.pistream.camera.CameraTests.section;
import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.CameraState;
import io.pistream.contracts.CameraStatus;
import io.pistream.contracts.CameraFrame;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The file and mjpeg-url sources: frames come out exactly as they went in. */
@ExtendWith(VertxExtension.class)
class StreamSourcesTest {

  private static final List<Buffer> FRAMES = List.of(
      Buffer.buffer(TestJpegs.jpeg(160, 120, 1)),
      Buffer.buffer(TestJpegs.jpeg(160, 120, 2)),
      Buffer.buffer(TestJpegs.jpeg(160, 120, 3)));

  @TempDir
  Path dir;

  @Test
  void theFileSourceLoopsTheFileAtTheProfileRate(Vertx vertx, VertxTestContext ctx) throws IOException {
    Path clip = dir.resolve("clip.mjpeg");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    FRAMES.forEach(frame -> bytes.writeBytes(frame.getBytes()));
    Files.write(clip, bytes.toByteArray());
    Map<Buffer, Integer> seen = new HashMap<>();
    long[] firstAt = {0};
    int wanted = 3 * FRAMES.size();
    vertx.eventBus().<CameraFrame>consumer(Addresses.cameraFrames(NODE, "clip"), msg -> {
      long now = System.currentTimeMillis();
      if (firstAt[0] == 0) {
        firstAt[0] = now;
      }
      seen.merge(msg.body().jpeg(), 1, Integer::sum);
      int total = seen.values().stream().mapToInt(Integer::intValue).sum();
      if (total == wanted) {
        ctx.verify(() -> {
          assertThat(seen.keySet()).containsExactlyInAnyOrderElementsOf(FRAMES);
          // 9 frames at 20 fps are 8 intervals of 50 ms: paced, not dumped at once
          assertThat(now - firstAt[0]).isGreaterThanOrEqualTo(300L);
          assertThat(msg.body().width()).isEqualTo(160);
        });
        ctx.completeNow();
      }
    });
    JsonObject camera = new JsonObject().put("id", "clip").put("source", "file").put("file", clip.toString());
    deploy(vertx, section(camera))
        .compose(id -> demand(vertx, "clip", 60_000))
        .onComplete(ctx.succeeding(reply -> { }));
  }

  @Test
  void aMissingFileIsReportedAsNoCaptureDevice(Vertx vertx, VertxTestContext ctx) {
    Path missing = dir.resolve("nowhere.mjpeg");
    vertx.eventBus().<JsonObject>consumer(Addresses.CAMERA_STATUS, msg -> {
      CameraStatus status = CameraStatus.fromJson(msg.body());
      if (status.state() == CameraState.FAILED) {
        ctx.verify(() -> assertThat(status.detail()).startsWith("no capture device: file " + missing + " not found"));
        ctx.completeNow();
      }
    });
    JsonObject camera = new JsonObject().put("id", "clip").put("source", "file").put("file", missing.toString());
    deploy(vertx, section(camera))
        .compose(id -> demand(vertx, "clip", 60_000))
        .onComplete(ctx.succeeding(reply -> { }));
  }

  @Test
  void theMjpegUrlSourceReadsAMultipartStream(Vertx vertx, VertxTestContext ctx) {
    List<Buffer> received = new ArrayList<>();
    Checkpoint framesMatch = ctx.checkpoint();
    vertx.eventBus().<CameraFrame>consumer(Addresses.cameraFrames(NODE, "remote"), msg -> {
      if (msg.body().statusFrame()) {
        return;
      }
      received.add(msg.body().jpeg());
      if (received.size() == 6) {
        ctx.verify(() -> {
          assertThat(received).allSatisfy(frame -> assertThat(FRAMES).contains(frame));
          assertThat(received).containsAll(FRAMES);
        });
        framesMatch.flag();
      }
    });
    serveMjpeg(vertx)
        .compose(server -> deploy(vertx, section(new JsonObject().put("id", "remote").put("source", "mjpeg-url")
            .put("url", "http://127.0.0.1:" + server.actualPort() + "/stream"))))
        .compose(id -> demand(vertx, "remote", 60_000))
        .onComplete(ctx.succeeding(reply -> { }));
  }

  @Test
  void anMjpegUrlAnsweringAnErrorFailsWithTheStatus(Vertx vertx, VertxTestContext ctx) {
    vertx.eventBus().<JsonObject>consumer(Addresses.CAMERA_STATUS, msg -> {
      CameraStatus status = CameraStatus.fromJson(msg.body());
      if (status.state() == CameraState.FAILED) {
        ctx.verify(() -> assertThat(status.detail()).contains("/missing answered 404"));
        ctx.completeNow();
      }
    });
    serveMjpeg(vertx)
        .compose(server -> deploy(vertx, section(new JsonObject().put("id", "remote").put("source", "mjpeg-url")
            .put("url", "http://127.0.0.1:" + server.actualPort() + "/missing"))))
        .compose(id -> demand(vertx, "remote", 60_000))
        .onComplete(ctx.succeeding(reply -> { }));
  }

  /** A tiny IP camera: multipart/x-mixed-replace on /stream, one part every 50 ms. */
  private static io.vertx.core.Future<HttpServer> serveMjpeg(Vertx vertx) {
    return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .requestHandler(request -> {
          HttpServerResponse response = request.response();
          if (!request.path().equals("/stream")) {
            response.setStatusCode(404).end();
            return;
          }
          response.setChunked(true).putHeader("Content-Type", "multipart/x-mixed-replace; boundary=frame");
          int[] next = {0};
          long timer = vertx.setPeriodic(50, id -> {
            Buffer frame = FRAMES.get(next[0]++ % FRAMES.size());
            response.write(Buffer.buffer("--frame\r\nContent-Type: image/jpeg\r\nContent-Length: " + frame.length() + "\r\n\r\n")
                .appendBuffer(frame).appendString("\r\n"));
          });
          response.closeHandler(v -> vertx.cancelTimer(timer));
        })
        .listen();
  }
}
