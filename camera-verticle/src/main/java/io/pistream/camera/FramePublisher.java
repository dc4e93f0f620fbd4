package io.pistream.camera;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.CameraFrame;
import io.pistream.contracts.Failures;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts one camera's pictures on {@link Addresses#cameraFrames}, numbered: captured frames and, while
 * there are none, status frames saying why. Answers snapshot requests with the next captured frame.
 * Used on the camera's event loop only.
 */
final class FramePublisher {

  private static final Logger log = LoggerFactory.getLogger(FramePublisher.class);
  /** Status frames go out about once a second, on the camera's tick; one a little early still counts. */
  private static final long STATUS_FRAME_INTERVAL_MS = 900;

  private record PendingSnapshot(Promise<CameraFrame> answer, long timer) {
  }

  private final Vertx vertx;
  private final String cameraId;
  private final String framesAddress;
  private final StatusFrames statusFrames;
  private final long snapshotTimeoutMs;
  private final Supplier<String> statusDetail;
  private final Runnable snapshotEnded;
  private final List<PendingSnapshot> snapshots = new ArrayList<>();

  private long seq;
  private long lastStatusFrameAt;

  /**
   * @param statusDetail the camera's status detail now, said when a snapshot gets no frame in time
   * @param snapshotEnded told each time a snapshot request is answered, failed or timed out
   */
  FramePublisher(Vertx vertx, String node, CameraSettings camera, long snapshotTimeoutMs, Supplier<String> statusDetail,
      Runnable snapshotEnded) {
    this.vertx = vertx;
    this.cameraId = camera.id();
    this.framesAddress = Addresses.cameraFrames(node, camera.id());
    this.statusFrames = new StatusFrames(vertx, camera.name());
    this.snapshotTimeoutMs = snapshotTimeoutMs;
    this.statusDetail = statusDetail;
    this.snapshotEnded = snapshotEnded;
  }

  /** The camera starts: frames count from 0 again, the first status frame is due a tick from now. */
  void begin(long now) {
    seq = 0;
    lastStatusFrameAt = now;
  }

  void publish(JpegFrame frame, int fps) {
    CameraFrame published = new CameraFrame(frame.data(), seq++, System.currentTimeMillis(), frame.width(), frame.height(), fps, false);
    vertx.eventBus().publish(framesAddress, published);
    for (PendingSnapshot pending : List.copyOf(snapshots)) {
      ended(pending.answer());
      pending.answer().complete(published);
    }
  }

  boolean statusFrameDue(long now) {
    return now - lastStatusFrameAt >= STATUS_FRAME_INTERVAL_MS;
  }

  /**
   * Shows viewers why there is no picture instead of leaving them on silence. The picture is rendered
   * off the event loop and published only if {@code stillTrue} says, by then, that it still tells the truth.
   */
  void publishStatusFrame(Profile shown, String detail, BooleanSupplier stillTrue) {
    lastStatusFrameAt = System.currentTimeMillis();
    statusFrames.get(shown, detail).onComplete(jpeg -> {
      if (stillTrue.getAsBoolean()) {
        vertx.eventBus().publish(framesAddress,
            new CameraFrame(jpeg, seq++, System.currentTimeMillis(), shown.width(), shown.height(), shown.fps(), true));
      }
    }, e -> log.error("camera {}: cannot render the status picture '{}'", cameraId, detail, e));
  }

  /** The next captured frame; fails with {@link Failures#UNAVAILABLE} when none comes within the snapshot timeout. */
  Future<CameraFrame> nextFrame() {
    Promise<CameraFrame> answer = Promise.promise();
    snapshots.add(new PendingSnapshot(answer, vertx.setTimer(snapshotTimeoutMs, id -> {
      ended(answer);
      String detail = statusDetail.get();
      String why = detail.isEmpty() ? "" : ": " + detail;
      answer.fail(unavailable("no frame from camera " + cameraId + " within " + snapshotTimeoutMs + " ms" + why));
    })));
    return answer.future();
  }

  boolean awaitingSnapshots() {
    return !snapshots.isEmpty();
  }

  void failSnapshots(CaptureFailure failure) {
    for (PendingSnapshot pending : List.copyOf(snapshots)) {
      ended(pending.answer());
      pending.answer().fail(unavailable("camera " + cameraId + " cannot deliver: " + failure.reason()));
    }
  }

  /** The camera goes away: pending snapshots fail; completes when no status picture is being rendered. */
  Future<Void> close() {
    for (PendingSnapshot pending : snapshots) {
      vertx.cancelTimer(pending.timer());
      pending.answer().fail(unavailable("camera " + cameraId + " is shutting down"));
    }
    snapshots.clear();
    return statusFrames.settled();
  }

  private void ended(Promise<CameraFrame> answer) {
    snapshots.removeIf(pending -> {
      if (pending.answer() == answer) {
        vertx.cancelTimer(pending.timer());
        return true;
      }
      return false;
    });
    snapshotEnded.run();
  }

  private static Throwable unavailable(String text) {
    return CameraRequests.failure(Failures.UNAVAILABLE, text);
  }
}
