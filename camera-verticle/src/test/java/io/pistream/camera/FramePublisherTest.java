package io.pistream.camera;

import static io.pistream.camera.CameraTests.NODE;
import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.CameraFrame;
import io.pistream.contracts.CameraFrameCodec;
import io.pistream.contracts.Failures;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The publisher on one event-loop context, as the camera uses it; the test listens on the frames address. */
@ExtendWith(VertxExtension.class)
class FramePublisherTest {

  private static final CameraSettings CAMERA = CameraTests.syntheticSettings("cam0");
  private static final Profile SMALL = CAMERA.profile("small");
  private static final JpegFrame FRAME = new JpegFrame(Buffer.buffer(TestJpegs.jpeg(160, 120, 1)), 160, 120);
  private static final long SNAPSHOT_TIMEOUT_MS = 10_000;

  private String detail = "";
  private int snapshotsEnded;

  @Test
  void aSnapshotIsAnsweredWithTheNextFramePublished(Vertx vertx, VertxTestContext ctx) {
    Checkpoint published = ctx.checkpoint();
    Checkpoint answered = ctx.checkpoint();
    onOneContext(vertx, ctx, SNAPSHOT_TIMEOUT_MS, frame -> ctx.verify(() -> {
      assertThat(frame.seq()).isZero();
      assertThat(frame.statusFrame()).isFalse();
      published.flag();
    }), publisher -> {
      Future<CameraFrame> snapshot = publisher.nextFrame();
      assertThat(publisher.awaitingSnapshots()).isTrue();

      publisher.publish(FRAME, 20);

      assertThat(snapshot.result().jpeg()).isSameAs(FRAME.data());
      assertThat(snapshot.result().fps()).isEqualTo(20);
      assertThat(snapshot.result().width()).isEqualTo(160);
      assertThat(publisher.awaitingSnapshots()).isFalse();
      assertThat(snapshotsEnded).isEqualTo(1);
      answered.flag();
    });
  }

  @Test
  void aCaptureFailureFailsPendingSnapshotsWithItsReason(Vertx vertx, VertxTestContext ctx) {
    onOneContext(vertx, ctx, SNAPSHOT_TIMEOUT_MS, frame -> ctx.failNow("nothing was published"), publisher -> {
      Future<CameraFrame> snapshot = publisher.nextFrame();

      publisher.failSnapshots(CaptureFailure.broken("rpicam-vid exited with code 3"));

      assertUnavailable(snapshot.cause(), "camera cam0 cannot deliver: rpicam-vid exited with code 3");
      assertThat(snapshotsEnded).isEqualTo(1);
      ctx.completeNow();
    });
  }

  @Test
  void aSnapshotWithoutAFrameInTimeFailsSayingTheStatusDetail(Vertx vertx, VertxTestContext ctx) {
    onOneContext(vertx, ctx, 1, frame -> ctx.failNow("nothing was published"), publisher -> {
      detail = "camera restarting (attempt 2): boom";
      publisher.nextFrame().onComplete(ctx.failing(e -> ctx.verify(() -> {
        assertUnavailable(e, "no frame from camera cam0 within 1 ms: camera restarting (attempt 2): boom");
        assertThat(snapshotsEnded).isEqualTo(1);
        assertThat(publisher.awaitingSnapshots()).isFalse();
        ctx.completeNow();
      })));
    });
  }

  @Test
  void closingFailsPendingSnapshotsWithoutEndingTheirLease(Vertx vertx, VertxTestContext ctx) {
    onOneContext(vertx, ctx, SNAPSHOT_TIMEOUT_MS, frame -> ctx.failNow("nothing was published"), publisher -> {
      Future<CameraFrame> snapshot = publisher.nextFrame();

      publisher.close().onComplete(ctx.succeeding(closed -> ctx.verify(() -> {
        assertUnavailable(snapshot.cause(), "camera cam0 is shutting down");
        assertThat(snapshotsEnded).isZero();
        ctx.completeNow();
      })));
    });
  }

  @Test
  void capturedAndStatusFramesShareOneSequenceThatStartsOverWithTheCamera(Vertx vertx, VertxTestContext ctx) {
    List<String> received = new ArrayList<>();
    FramePublisher[] publisher = {null};
    onOneContext(vertx, ctx, SNAPSHOT_TIMEOUT_MS, frame -> {
      received.add(frame.seq() + (frame.statusFrame() ? " status " + frame.width() + "x" + frame.height() : " captured"));
      if (received.size() == 2) {
        publisher[0].begin(System.currentTimeMillis());
        publisher[0].publish(FRAME, 20);
      } else if (received.size() == 3) {
        ctx.verify(() -> assertThat(received).containsExactly("0 captured", "1 status 160x120", "0 captured"));
        ctx.completeNow();
      }
    }, started -> {
      publisher[0] = started;
      started.begin(System.currentTimeMillis());
      started.publish(FRAME, 20);
      started.publishStatusFrame(SMALL, "camera restarting (attempt 1): boom", () -> true);
    });
  }

  @Test
  void aStatusFrameThatNoLongerTellsTheTruthOnceRenderedIsDropped(Vertx vertx, VertxTestContext ctx) {
    List<String> received = new ArrayList<>();
    FramePublisher[] publisher = {null};
    onOneContext(vertx, ctx, SNAPSHOT_TIMEOUT_MS, frame -> {
      received.add(frame.seq() + (frame.statusFrame() ? " status" : " captured"));
      if (received.size() == 1) {
        // both waited on the one rendering and have run by now: a captured frame published next comes right after
        publisher[0].publish(FRAME, 20);
      } else if (received.size() == 2) {
        ctx.verify(() -> assertThat(received).containsExactly("0 status", "1 captured"));
        ctx.completeNow();
      }
    }, started -> {
      publisher[0] = started;
      started.begin(System.currentTimeMillis());
      started.publishStatusFrame(SMALL, "camera starting", () -> false);
      started.publishStatusFrame(SMALL, "camera starting", () -> true);
    });
  }

  /** Listens on the frames address, then hands the test a publisher, all on one event-loop context. */
  private void onOneContext(Vertx vertx, VertxTestContext ctx, long snapshotTimeoutMs, Consumer<CameraFrame> frames,
      Consumer<FramePublisher> body) {
    CameraFrameCodec.registerOn(vertx.eventBus());
    vertx.getOrCreateContext().runOnContext(v -> vertx.eventBus()
        .<CameraFrame>consumer(Addresses.cameraFrames(NODE, CAMERA.id()), message -> frames.accept(message.body()))
        .completion()
        .onComplete(ctx.succeeding(listening -> ctx.verify(() -> body.accept(
            new FramePublisher(vertx, NODE, CAMERA, snapshotTimeoutMs, () -> detail, () -> snapshotsEnded++))))));
  }

  private static void assertUnavailable(Throwable failure, String text) {
    assertThat(failure).isInstanceOfSatisfying(ReplyException.class, refused -> {
      assertThat(refused.failureCode()).isEqualTo(Failures.UNAVAILABLE);
      assertThat(refused.getMessage()).isEqualTo(text);
    });
  }
}
