package io.pistream.camera;

import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.CameraFrame;
import io.pistream.contracts.CameraPrivacy;
import io.pistream.contracts.CameraState;
import io.pistream.contracts.CameraStatus;
import io.pistream.contracts.Failures;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * One camera's history on its own, the camera played by the test: its privacy switch, its snapshots and
 * the clock. The schedule's own timer never fires here (its first picture is due ten minutes of real
 * time away); the test runs each check itself on the history's context.
 */
@ExtendWith(VertxExtension.class)
class CameraHistoryTest {

  private static final long T0 = 1_796_342_400_000L;
  private static final long MINUTE = 60_000;
  private static final HistorySettings EVERY_10_MINUTES = new HistorySettings(10, 80, 1024 * 1024, TimeUnit.HOURS.toMillis(24),
      TimeUnit.DAYS.toMillis(365));

  @TempDir
  Path dir;

  private final AtomicLong clock = new AtomicLong(T0);
  private final AtomicBoolean privacyOn = new AtomicBoolean();
  private final AtomicInteger snapshotsAsked = new AtomicInteger();
  private Supplier<Future<CameraFrame>> camera = () -> Future.succeededFuture(frame());
  private WorkerExecutor workers;
  private Context context;
  private CameraHistory history;

  @BeforeEach
  void keepOnePicture(Vertx vertx) throws IOException {
    HistoryStore.open(dir).add(T0, TestJpegs.jpeg(80, 60, 7));
    workers = vertx.createSharedWorkerExecutor("test-history", 2);
    context = vertx.getOrCreateContext();
    history = new CameraHistory(vertx, workers, "cam0", EVERY_10_MINUTES, dir, "camera.dataDir", clock::get, TimeUnit.HOURS.toMillis(1),
        this::status, () -> {
          snapshotsAsked.incrementAndGet();
          return camera.get();
        }, () -> { });
    on(history::start);
  }

  @AfterEach
  void close() {
    on(history::close);
    workers.close().await();
  }

  @Test
  void noPictureIsTakenWhileTheCameraIsSwitchedOffForPrivacy() throws IOException {
    privacyOn.set(true);
    clock.addAndGet(10 * MINUTE);

    assertThat(on(history::check)).isEqualTo(CameraHistory.Outcome.PRIVATE);
    assertThat(snapshotsAsked).as("the camera was not even woken").hasValue(0);
    assertThat(history.status().snapshots()).isEqualTo(1);

    privacyOn.set(false);
    assertThat(on(history::check)).as("the skipped picture's slot is used up").isEqualTo(CameraHistory.Outcome.NOT_DUE);
    clock.addAndGet(10 * MINUTE);
    assertThat(on(history::check)).isEqualTo(CameraHistory.Outcome.TAKEN);
    assertThat(snapshotsAsked).hasValue(1);
    assertThat(history.status().snapshots()).isEqualTo(2);
    assertThat(history.status().newestTs()).isEqualTo(T0 + 20 * MINUTE);
    assertThat(HistoryStore.open(dir).all()).extracting(StoredPicture::ts).containsExactly(T0, T0 + 20 * MINUTE);
  }

  @Test
  void aPictureThatArrivesAfterThePrivacySwitchWentOnIsNotKept() throws IOException {
    camera = () -> {
      privacyOn.set(true);
      return Future.succeededFuture(frame());
    };
    clock.addAndGet(10 * MINUTE);

    assertThat(on(history::check)).isEqualTo(CameraHistory.Outcome.PRIVATE);
    assertThat(snapshotsAsked).hasValue(1);
    assertThat(HistoryStore.open(dir).all()).extracting(StoredPicture::ts).containsExactly(T0);
  }

  @Test
  void aPictureIsKeptDownscaledAndServedAsTheNearestFrame() {
    clock.addAndGet(10 * MINUTE);

    assertThat(on(history::check)).isEqualTo(CameraHistory.Outcome.TAKEN);

    CameraFrame nearest = on(() -> history.picture(new io.vertx.core.json.JsonObject().put("ts", T0 + 6 * MINUTE)));
    assertThat(nearest.ts()).isEqualTo(T0 + 10 * MINUTE);
    assertThat(nearest.width()).isEqualTo(80);
    assertThat(nearest.height()).isEqualTo(60);
    BufferedImage decoded = TestJpegs.decode(nearest.jpeg().getBytes());
    assertThat(decoded.getWidth()).isEqualTo(80);
    assertThat(decoded.getHeight()).isEqualTo(60);
    assertThat(on(() -> history.picture(null)).ts()).as("no ts: the newest").isEqualTo(T0 + 10 * MINUTE);
  }

  @Test
  void aFailedSnapshotKeepsNothingAndTheNextSlotTriesAgain() {
    camera = () -> Future.failedFuture(CameraRequests.failure(Failures.UNAVAILABLE, "no frame from camera cam0 within 10000 ms"));
    clock.addAndGet(10 * MINUTE);

    assertThat(on(history::check)).isEqualTo(CameraHistory.Outcome.FAILED);
    assertThat(history.status().snapshots()).isEqualTo(1);

    camera = () -> Future.succeededFuture(frame());
    clock.addAndGet(10 * MINUTE);
    assertThat(on(history::check)).isEqualTo(CameraHistory.Outcome.TAKEN);
    assertThat(history.status().snapshots()).isEqualTo(2);
  }

  @Test
  void aClockThatJumpsSkipsTheMissedSlotsAndOneSetBackStartsAgainFromNow() {
    clock.addAndGet(95 * MINUTE);
    assertThat(on(history::check)).isEqualTo(CameraHistory.Outcome.TAKEN);
    clock.addAndGet(MINUTE);
    assertThat(on(history::check)).as("the missed slots are not made up for").isEqualTo(CameraHistory.Outcome.NOT_DUE);
    clock.addAndGet(9 * MINUTE);
    assertThat(on(history::check)).isEqualTo(CameraHistory.Outcome.TAKEN);

    clock.set(T0 - 120 * MINUTE);
    assertThat(on(history::check)).isEqualTo(CameraHistory.Outcome.NOT_DUE);
    clock.addAndGet(10 * MINUTE);
    assertThat(on(history::check)).isEqualTo(CameraHistory.Outcome.TAKEN);
    assertThat(snapshotsAsked).hasValue(3);
  }

  private CameraStatus status() {
    CameraPrivacy privacy = privacyOn.get() ? new CameraPrivacy(true, "admin", "switched off by an admin", 0) : CameraPrivacy.OFF;
    return new CameraStatus(CameraTests.NODE, "cam0", "Camera", CameraState.IDLE, "", "small", List.of("small"), 160, 120, 20, 3, 0, 0, 0,
        List.of(20), privacy, null, null);
  }

  private static CameraFrame frame() {
    return new CameraFrame(Buffer.buffer(TestJpegs.jpeg(320, 240, 3)), 1, System.currentTimeMillis(), 320, 240, 20, false);
  }

  /** Runs the work on the history's context and waits for its outcome. */
  private <T> T on(Supplier<Future<T>> work) {
    Promise<T> outcome = Promise.promise();
    context.runOnContext(v -> work.get().onComplete(outcome));
    return outcome.future().timeout(30, TimeUnit.SECONDS).await();
  }
}
