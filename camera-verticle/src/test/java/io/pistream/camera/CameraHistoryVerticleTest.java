package io.pistream.camera;

import static io.pistream.camera.CameraTests.NODE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.CameraFrame;
import io.pistream.contracts.CameraState;
import io.pistream.contracts.CameraStatus;
import io.pistream.contracts.ConfigException;
import io.pistream.contracts.Failures;
import io.pistream.contracts.SnapshotHistoryStatus;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The camera verticle with history pictures on a synthetic camera, on a clock the test moves; the test
 * plays the web on the bus and waits for the statuses the camera publishes.
 */
@ExtendWith(VertxExtension.class)
class CameraHistoryVerticleTest {

  private static final long T0 = 1_796_342_400_000L;
  private static final long MINUTE = 60_000;

  @TempDir
  Path dataDir;

  private final AtomicLong clock = new AtomicLong(T0);
  private final List<StatusWatch> watches = new ArrayList<>();

  @AfterEach
  void stopWatching() {
    watches.forEach(StatusWatch::close);
  }

  private JsonObject section(JsonObject history) {
    return CameraTests.section(CameraTests.synthetic("cam0").put("history", history), CameraTests.synthetic("plain"))
        .put("dataDir", dataDir.toString());
  }

  private static JsonObject everyTenMinutes() {
    return new JsonObject().put("everyMinutes", 10).put("width", 80).put("maxMegabytes", 5);
  }

  private String deploy(Vertx vertx, JsonObject section) {
    return await(vertx.deployVerticle(new CameraVerticle().historyClock(clock::get, 20), new DeploymentOptions().setConfig(section)));
  }

  private Path cameraDir() {
    return HistorySettings.directory(dataDir, NODE, "cam0");
  }

  @Test
  void aCameraNobodyWatchesWakesForItsPictureAndIdlesAgain(Vertx vertx) throws IOException {
    StatusWatch cam0 = watch(vertx, "cam0");
    StatusWatch plain = watch(vertx, "plain");

    deploy(vertx, section(everyTenMinutes()));

    cam0.until("the camera woken for its first picture", status -> status.state() == CameraState.STREAMING);
    CameraStatus kept = cam0.until("idle again with the picture kept",
        status -> status.state() == CameraState.IDLE && status.history().snapshots() == 1);
    Path file = cameraDir().resolve(HistoryStore.fileName(T0));
    assertThat(kept.history()).isEqualTo(new SnapshotHistoryStatus(true, 10, 80, 1, Files.size(file), 5L * 1024 * 1024, T0, T0));
    BufferedImage picture = TestJpegs.decode(Files.readAllBytes(file));
    assertThat(picture.getWidth()).as("downscaled from the 160x120 profile").isEqualTo(80);
    assertThat(picture.getHeight()).isEqualTo(60);

    assertThat(plain.until("the other camera's status", status -> true).history()).isEqualTo(SnapshotHistoryStatus.DISABLED);
    assertThat(HistorySettings.directory(dataDir, NODE, "plain")).as("no directory for a camera that keeps nothing").doesNotExist();
  }

  @Test
  void theScheduleFollowsTheClockAndThinsWhatAgedOut(Vertx vertx) throws IOException {
    StatusWatch cam0 = watch(vertx, "cam0");
    deploy(vertx, section(everyTenMinutes().put("keepAllHours", 1).put("keepHourlyDays", 0)));
    cam0.until("the first picture", status -> status.history().newestTs() == T0);

    clock.addAndGet(10 * MINUTE);
    CameraStatus second = cam0.until("the second picture", status -> status.history().newestTs() == T0 + 10 * MINUTE);
    assertThat(second.history().snapshots()).isEqualTo(2);

    clock.addAndGet(120 * MINUTE);
    CameraStatus thinned = cam0.until("the third picture", status -> status.history().newestTs() == T0 + 130 * MINUTE);
    assertThat(thinned.history().snapshots()).as("the two older than keepAllHours are gone").isEqualTo(1);
    assertThat(thinned.history().oldestTs()).isEqualTo(T0 + 130 * MINUTE);
    try (Stream<Path> files = Files.list(cameraDir())) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactly(HistoryStore.fileName(T0 + 130 * MINUTE));
    }
  }

  @Test
  void aRestartedVerticleKnowsItsPicturesAndServesThem(Vertx vertx) {
    StatusWatch first = watch(vertx, "cam0");
    String id = deploy(vertx, section(everyTenMinutes()));
    first.until("the first picture kept", status -> status.state() == CameraState.IDLE && status.history().snapshots() == 1);
    await(vertx.undeploy(id));

    clock.addAndGet(MINUTE);
    StatusWatch again = watch(vertx, "cam0");
    deploy(vertx, section(everyTenMinutes()));
    CameraStatus restarted = again.until("the status after the restart", status -> true);
    assertThat(restarted.history().snapshots()).isEqualTo(1);
    assertThat(restarted.history().newestTs()).isEqualTo(T0);

    JsonObject list = request(vertx, Addresses.cameraHistoryList(NODE, "cam0"), new JsonObject().put("from", 0).put("to", T0 + 60 * MINUTE));
    assertThat(list.getJsonArray("snapshots")).hasSize(1);
    assertThat(list.getJsonArray("snapshots").getJsonObject(0).getLong("ts")).isEqualTo(T0);
    assertThat(list.getJsonArray("snapshots").getJsonObject(0).getLong("bytes")).isEqualTo(restarted.history().bytes());
    assertThat(list.getInteger("total")).isEqualTo(1);
    assertThat(SnapshotHistoryStatus.fromJson(list.getJsonObject("status")).snapshots()).isEqualTo(1);
    JsonObject empty = request(vertx, Addresses.cameraHistoryList(NODE, "cam0"), new JsonObject().put("from", T0 + 1).put("to", T0 + 2));
    assertThat(empty.getJsonArray("snapshots")).isEmpty();

    CameraFrame picture = request(vertx, Addresses.cameraHistoryPicture(NODE, "cam0"), new JsonObject().put("ts", T0 + 5 * MINUTE));
    assertThat(picture.ts()).isEqualTo(T0);
    assertThat(picture.width()).isEqualTo(80);
    assertThat(picture.height()).isEqualTo(60);
    assertThat(TestJpegs.decode(picture.jpeg().getBytes()).getWidth()).isEqualTo(80);
  }

  @Test
  void badRequestsAndACameraThatKeepsNothing(Vertx vertx) {
    StatusWatch cam0 = watch(vertx, "cam0");
    deploy(vertx, section(everyTenMinutes()));
    cam0.until("the first picture", status -> status.history().snapshots() == 1);

    assertRefused(vertx, Addresses.cameraHistoryList(NODE, "cam0"), new JsonObject().put("from", T0 + 1).put("to", T0), Failures.BAD_REQUEST,
        "bad history list of camera cam0: from (" + (T0 + 1) + ") must not be after to (" + T0 + ")");
    assertRefused(vertx, Addresses.cameraHistoryList(NODE, "cam0"), new JsonObject().put("limit", 0), Failures.BAD_REQUEST,
        "bad history list of camera cam0: limit must be between 1 and 100000, got 0");
    assertRefused(vertx, Addresses.cameraHistoryList(NODE, "cam0"), new JsonArray(), Failures.BAD_REQUEST,
        "bad history list of camera cam0: a history list must be a JSON object");
    assertRefused(vertx, Addresses.cameraHistoryPicture(NODE, "cam0"), new JsonObject().put("ts", "soon"), Failures.BAD_REQUEST,
        "bad history picture request of camera cam0: ts must be a whole number, got soon");

    JsonObject none = request(vertx, Addresses.cameraHistoryList(NODE, "plain"), new JsonObject());
    assertThat(none.getJsonArray("snapshots")).isEmpty();
    assertThat(SnapshotHistoryStatus.fromJson(none.getJsonObject("status"))).isEqualTo(SnapshotHistoryStatus.DISABLED);
    assertRefused(vertx, Addresses.cameraHistoryPicture(NODE, "plain"), new JsonObject(), Failures.NOT_FOUND,
        "camera plain keeps no history pictures (its history.everyMinutes is 0)");
  }

  @Test
  void aDataDirThatCannotHoldThePicturesStopsTheStartNamingIt(Vertx vertx) throws IOException {
    Path notADirectory = Files.writeString(dataDir.resolve("a-file"), "x");
    JsonObject section = section(everyTenMinutes()).put("dataDir", notADirectory.toString());

    assertThatThrownBy(() -> deploy(vertx, section))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("camera.dataDir: cannot keep the history pictures of camera cam0 in " + notADirectory
            + "/camera-history/n1/cam0");
  }

  private static void assertRefused(Vertx vertx, String address, Object body, int code, String text) {
    assertThatThrownBy(() -> request(vertx, address, body))
        .isInstanceOfSatisfying(ReplyException.class, e -> {
          assertThat(e.failureCode()).isEqualTo(code);
          assertThat(e.getMessage()).isEqualTo(text);
        });
  }

  private static <T> T request(Vertx vertx, String address, Object body) {
    return await(vertx.eventBus().<T>request(address, body).map(Message::body));
  }

  private static <T> T await(Future<T> future) {
    return future.timeout(30, TimeUnit.SECONDS).await();
  }

  private StatusWatch watch(Vertx vertx, String camera) {
    StatusWatch watch = new StatusWatch(vertx, camera);
    watches.add(watch);
    return watch;
  }

  /** The statuses one camera publishes, in order; each wait takes up after the status the previous one matched. */
  private static final class StatusWatch {

    private final String camera;
    private final MessageConsumer<JsonObject> consumer;
    private final List<CameraStatus> seen = new ArrayList<>();
    private int next;
    private Predicate<CameraStatus> awaited;
    private Promise<CameraStatus> found;

    StatusWatch(Vertx vertx, String camera) {
      this.camera = camera;
      this.consumer = vertx.eventBus().consumer(Addresses.CAMERA_STATUS, message -> heard(CameraStatus.fromJson(message.body())));
      await(consumer.completion());
    }

    CameraStatus until(String what, Predicate<CameraStatus> holds) {
      Promise<CameraStatus> promise = Promise.promise();
      synchronized (this) {
        awaited = holds;
        found = promise;
        match();
      }
      return promise.future().timeout(30, TimeUnit.SECONDS)
          .recover(e -> Future.failedFuture(new AssertionError("no status of " + camera + " showed " + what + "; seen " + seen, e)))
          .await();
    }

    private synchronized void heard(CameraStatus status) {
      if (status.camera().equals(camera)) {
        seen.add(status);
        match();
      }
    }

    private void match() {
      while (found != null && next < seen.size()) {
        CameraStatus status = seen.get(next++);
        if (awaited.test(status)) {
          Promise<CameraStatus> promise = found;
          found = null;
          promise.complete(status);
        }
      }
    }

    void close() {
      consumer.unregister();
    }
  }
}
