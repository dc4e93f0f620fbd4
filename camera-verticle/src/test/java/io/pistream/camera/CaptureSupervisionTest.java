package io.pistream.camera;

import static io.pistream.camera.CameraTests.NODE;
import static io.pistream.camera.CameraTests.demand;
import static io.pistream.camera.CameraTests.deploy;
import static io.pistream.camera.CameraTests.section;
import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.CameraState;
import io.pistream.contracts.CameraStatus;
import io.pistream.contracts.Failures;
import io.pistream.contracts.CameraFrame;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The rpicam source run against fake capture scripts: crash, stall, garbage and a missing program. */
@ExtendWith(VertxExtension.class)
class CaptureSupervisionTest {

  @TempDir
  Path dir;
  private Path frame;

  @BeforeEach
  void writeFrame() throws IOException {
    frame = dir.resolve("frame.jpg");
    Files.write(frame, TestJpegs.jpeg(160, 120, 5));
  }

  @Test
  void aCrashingCaptureIsRestartedAndViewersSeeAStatusFrameMeanwhile(Vertx vertx, VertxTestContext ctx) throws IOException {
    Checkpoint failedWithReason = ctx.checkpoint();
    Checkpoint framesResumed = ctx.checkpoint();
    vertx.eventBus().<JsonObject>consumer(Addresses.CAMERA_STATUS, msg -> {
      CameraStatus status = CameraStatus.fromJson(msg.body());
      if (status.state() == CameraState.FAILED && status.detail().contains("attempt 1)")) {
        ctx.verify(() -> assertThat(status.detail())
            .isEqualTo("camera restarting (attempt 1): " + script("fake-rpicam-crashing.sh") + " exited with code 3: ERROR: fake camera lost its sensor"));
        failedWithReason.flag();
      }
    });
    AtomicInteger phase = new AtomicInteger();
    vertx.eventBus().<CameraFrame>consumer(Addresses.cameraFrames(NODE, "pi"), msg -> {
      boolean statusFrame = msg.body().statusFrame();
      if (phase.get() == 0 && !statusFrame) {
        ctx.verify(() -> assertThat(msg.body().jpeg().getBytes()).isEqualTo(Files.readAllBytes(frame)));
        phase.set(1);
      } else if (phase.get() == 1 && statusFrame) {
        ctx.verify(() -> {
          assertThat(TestJpegs.decode(msg.body().jpeg().getBytes()).getWidth()).isEqualTo(160);
          assertThat(msg.body().width()).isEqualTo(160);
        });
        phase.set(2);
      } else if (phase.get() == 2 && !statusFrame) {
        phase.set(3);
        framesResumed.flag();
      }
    });
    deploy(vertx, section(fakeCamera("fake-rpicam-crashing.sh")))
        .compose(id -> demand(vertx, "pi", 60_000))
        .onComplete(ctx.succeeding(reply -> { }));
  }

  @Test
  void aStalledCaptureIsRestartedAfterStallSeconds(Vertx vertx, VertxTestContext ctx) throws IOException {
    Checkpoint stalled = ctx.checkpoint();
    Checkpoint streamingAgain = ctx.checkpoint();
    AtomicLong lastFrameAt = new AtomicLong();
    AtomicInteger phase = new AtomicInteger();
    vertx.eventBus().<CameraFrame>consumer(Addresses.cameraFrames(NODE, "pi"), msg -> {
      if (!msg.body().statusFrame()) {
        lastFrameAt.set(System.currentTimeMillis());
      }
    });
    vertx.eventBus().<JsonObject>consumer(Addresses.CAMERA_STATUS, msg -> {
      CameraStatus status = CameraStatus.fromJson(msg.body());
      if (phase.get() == 0 && status.state() == CameraState.FAILED) {
        long silentFor = System.currentTimeMillis() - lastFrameAt.get();
        ctx.verify(() -> {
          assertThat(status.detail()).contains("stalled");
          // stallSeconds is 1; the check runs once a second, and a busy machine may be later still
          assertThat(silentFor).isBetween(900L, 15_000L);
        });
        phase.set(1);
        stalled.flag();
      } else if (phase.get() == 1 && status.state() == CameraState.STREAMING) {
        phase.set(2);
        streamingAgain.flag();
      }
    });
    deploy(vertx, section(fakeCamera("fake-rpicam-stalling.sh")).put("stallSeconds", 1))
        .compose(id -> demand(vertx, "pi", 60_000))
        .onComplete(ctx.succeeding(reply -> { }));
  }

  @Test
  void aCaptureThatWritesGarbageBetweenFramesDeliversOnlyWholeFramesAndKeepsStreaming(Vertx vertx, VertxTestContext ctx)
      throws IOException {
    Checkpoint wholeFrames = ctx.checkpoint(10);
    vertx.eventBus().<CameraFrame>consumer(Addresses.cameraFrames(NODE, "pi"), msg -> {
      ctx.verify(() -> {
        assertThat(msg.body().statusFrame()).as("garbage is skipped, not turned into a failure").isFalse();
        assertThat(msg.body().jpeg().getBytes()).as("only whole frames, never a half or the text").isEqualTo(Files.readAllBytes(frame));
      });
      wholeFrames.flag();
    });
    deploy(vertx, section(fakeCamera("fake-rpicam-garbage.sh")))
        .compose(id -> demand(vertx, "pi", 60_000))
        .onComplete(ctx.succeeding(reply -> { }));
  }

  @Test
  void aMissingProgramShowsNoCaptureDevice(Vertx vertx, VertxTestContext ctx) {
    Checkpoint failedState = ctx.checkpoint();
    Checkpoint statusFrame = ctx.checkpoint();
    Checkpoint snapshotRefused = ctx.checkpoint();
    String missing = dir.resolve("no-such-dir/rpicam-vid").toString();
    boolean[] seen = {false, false};
    vertx.eventBus().<JsonObject>consumer(Addresses.CAMERA_STATUS, msg -> {
      CameraStatus status = CameraStatus.fromJson(msg.body());
      if (!seen[0] && status.state() == CameraState.FAILED) {
        seen[0] = true;
        ctx.verify(() -> assertThat(status.detail()).startsWith("no capture device: " + missing + " not found"));
        failedState.flag();
      }
    });
    vertx.eventBus().<CameraFrame>consumer(Addresses.cameraFrames(NODE, "pi"), msg -> {
      ctx.verify(() -> assertThat(msg.body().statusFrame()).isTrue());
      if (!seen[1]) {
        seen[1] = true;
        ctx.verify(() -> assertThat(TestJpegs.decode(msg.body().jpeg().getBytes()).getHeight()).isEqualTo(120));
        statusFrame.flag();
      }
    });
    JsonObject camera = new JsonObject().put("id", "pi").put("source", "rpicam").put("command", missing);
    deploy(vertx, section(camera))
        .compose(id -> demand(vertx, "pi", 60_000))
        .compose(reply -> vertx.eventBus().request(Addresses.cameraSnapshot(NODE, "pi"), new JsonObject()))
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertThat(((ReplyException) e).failureCode()).isEqualTo(Failures.UNAVAILABLE);
          assertThat(e.getMessage()).contains("no capture device");
          snapshotRefused.flag();
        })));
  }

  private JsonObject fakeCamera(String scriptName) throws IOException {
    return new JsonObject().put("id", "pi").put("source", "rpicam").put("command", script(scriptName))
        .put("extraArgs", new JsonArray().add("--fake-frame").add(frame.toString()).add("--fake-count").add("3"));
  }

  /** Copies a fake capture script out of the test resources and makes it executable. */
  private String script(String name) throws IOException {
    Path script = dir.resolve(name);
    if (!Files.exists(script)) {
      try (InputStream in = getClass().getResourceAsStream("/" + name)) {
        Files.copy(in, script);
      }
      assertThat(script.toFile().setExecutable(true)).isTrue();
    }
    return script.toString();
  }
}
