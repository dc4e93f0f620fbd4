package io.pistream.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.pistream.testing.Eventually;
import io.pistream.testing.OkJson;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The history picture routes of a whole web verticle, the cameras played on the bus. */
@ExtendWith(VertxExtension.class)
class CameraHistoryRoutesTest {

  private static final long T0 = 1_796_342_400_000L;
  private static final long MINUTE = 60_000;
  private static final Eventually EVENTUALLY = Eventually.within(Duration.ofSeconds(30));

  private final List<byte[]> jpegs = new ArrayList<>();
  private FakeHistoryCamera cam0;
  private WebClient client;
  private int port;

  @BeforeEach
  void serve(Vertx vertx) {
    cam0 = new FakeHistoryCamera("n1", "cam0", true, true);
    for (int i = 0; i < 6; i++) {
      jpegs.add(FakeCamera.jpeg(64 + i, 48, i % 2 == 0));
      cam0.keep(T0 + i * 10 * MINUTE, jpegs.get(i));
    }
    await(vertx.deployVerticle(cam0));
    await(vertx.deployVerticle(new FakeHistoryCamera("n1", "plain", false, true)));
    await(vertx.deployVerticle(new FakeHistoryCamera("old", "cam0", true, false)));
    WebVerticle web = new WebVerticle();
    await(vertx.deployVerticle(web, new DeploymentOptions().setConfig(new JsonObject()
        .put("host", "127.0.0.1")
        .put("port", 0)
        .put("requestTimeoutMs", 2000)
        .put("node", new JsonObject().put("id", "hub")))));
    port = web.actualPort();
    client = WebClient.create(vertx);
    await(EVENTUALLY.until(vertx, "the three cameras listed", () -> client.get(port, "127.0.0.1", "/api/cameras").send().compose(OkJson::body),
        list -> list.getJsonArray("cameras").size() == 3));
  }

  @Test
  void theListOfARangeWithTheCamerasDiskUse() {
    HttpResponse<Buffer> response = get("/api/cameras/n1/cam0/history?from=2026-12-04T00:00:00Z&to=" + (T0 + 25 * MINUTE));

    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).startsWith("application/json");
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getJsonArray("snapshots").stream().map(item -> ((JsonObject) item).getLong("ts")))
        .containsExactly(T0, T0 + 10 * MINUTE, T0 + 20 * MINUTE);
    assertThat(body.getJsonArray("snapshots").getJsonObject(0).getLong("bytes")).isEqualTo(jpegs.get(0).length);
    assertThat(body.getInteger("total")).isEqualTo(3);
    assertThat(body.getLong("from")).isEqualTo(T0);
    assertThat(body.getLong("to")).isEqualTo(T0 + 25 * MINUTE);
    JsonObject status = body.getJsonObject("status");
    assertThat(status.getBoolean("enabled")).isTrue();
    assertThat(status.getLong("snapshots")).isEqualTo(6);
    assertThat(status.getLong("maxBytes")).isEqualTo(500_000_000L);
    assertThat(cam0.listRequests().get(0)).isEqualTo(new JsonObject().put("from", T0).put("to", T0 + 25 * MINUTE)
        .put("limit", CameraHistoryRoutes.DEFAULT_LIST_MAX));

    get("/api/cameras/n1/cam0/history?max=2");
    JsonObject lastDay = cam0.listRequests().get(1);
    assertThat(lastDay.getLong("to") - lastDay.getLong("from")).as("the last 24 hours by default").isEqualTo(TimeUnit.DAYS.toMillis(1));
    assertThat(lastDay.getLong("to")).isCloseTo(System.currentTimeMillis(), within(60_000L));
    assertThat(lastDay.getInteger("limit")).isEqualTo(2);
  }

  @Test
  void thePictureNearestAMoment() {
    HttpResponse<Buffer> response = get("/history-picture/n1/cam0.jpg?ts=" + (T0 + 14 * MINUTE));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).isEqualTo("image/jpeg");
    assertThat(response.getHeader("X-Timestamp")).isEqualTo(MjpegStreamPart.timestamp(T0 + 10 * MINUTE));
    assertThat(response.body().getBytes()).isEqualTo(jpegs.get(1));

    HttpResponse<Buffer> iso = get("/history-picture/n1/cam0.jpg?ts=2026-12-04T00:46:00Z");
    assertThat(iso.getHeader("X-Timestamp")).isEqualTo(MjpegStreamPart.timestamp(T0 + 50 * MINUTE));
    HttpResponse<Buffer> newest = get("/history-picture/n1/cam0.jpg");
    assertThat(newest.getHeader("X-Timestamp")).as("no ts: now, so the newest").isEqualTo(MjpegStreamPart.timestamp(T0 + 50 * MINUTE));
  }

  @Test
  void theTimelapseDownloadsAsConcatenatedJpegsAskedForOneAtATime() {
    HttpResponse<Buffer> response = get("/api/cameras/n1/cam0/timelapse.mjpeg?from=" + T0 + "&to=" + (T0 + 60 * MINUTE));

    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).isEqualTo("video/x-motion-jpeg");
    assertThat(response.getHeader("Content-Disposition"))
        .isEqualTo("attachment; filename=\"pistream-n1-cam0-20261204T000000Z-20261204T010000Z.mjpeg\"");
    List<byte[]> parts = splitJpegs(response.body().getBytes());
    assertThat(parts).hasSize(6);
    for (int i = 0; i < 6; i++) {
      assertThat(parts.get(i)).isEqualTo(jpegs.get(i));
      BufferedImage picture = CameraStreamTesting.decode(Buffer.buffer(parts.get(i)));
      assertThat(picture.getWidth()).isEqualTo(64 + i);
    }
    assertThat(cam0.pictureRequests()).containsExactly(T0, T0 + 10 * MINUTE, T0 + 20 * MINUTE, T0 + 30 * MINUTE, T0 + 40 * MINUTE,
        T0 + 50 * MINUTE);
    assertThat(cam0.mostPictureRequestsOpenAtOnce()).as("one picture in memory at a time").isEqualTo(1);

    get("/api/cameras/n1/cam0/timelapse.mjpeg?max=3");
    assertThat(cam0.listRequests().get(1).getInteger("limit")).isEqualTo(3);
    get("/api/cameras/n1/cam0/timelapse.mjpeg");
    assertThat(cam0.listRequests().get(2).getInteger("limit")).isEqualTo(CameraHistoryRoutes.DEFAULT_TIMELAPSE_MAX);
  }

  @Test
  void aPictureThinnedAwayMeanwhileIsLeftOutOfTheTimelapse() {
    cam0.vanishing(T0 + 20 * MINUTE);

    HttpResponse<Buffer> response = get("/api/cameras/n1/cam0/timelapse.mjpeg?from=" + T0 + "&to=" + (T0 + 60 * MINUTE));

    List<byte[]> parts = splitJpegs(response.body().getBytes());
    assertThat(parts).hasSize(5);
    assertThat(parts.get(2)).isEqualTo(jpegs.get(3));

    HttpResponse<Buffer> nothingLeft = get("/api/cameras/n1/cam0/timelapse.mjpeg?from=" + (T0 + 19 * MINUTE) + "&to=" + (T0 + 21 * MINUTE));
    assertError(nothingLeft, 404, "not_found", "camera n1/cam0 kept no pictures from 2026-12-04T00:19:00Z to 2026-12-04T00:21:00Z");
    assertThat(nothingLeft.getHeader("Content-Disposition")).as("an error is no download").isNull();
  }

  @Test
  void badParametersAreJson400sNamingThem() {
    assertError(get("/api/cameras/n1/cam0/history?x=1"), 400, "bad_request", "x: unknown parameter; expected from, max, to");
    assertError(get("/api/cameras/n1/cam0/history?from=" + (T0 + 1) + "&to=" + T0), 400, "bad_request",
        "from: must be before to, got from 2026-12-04T00:00:00.001Z and to 2026-12-04T00:00:00Z");
    assertError(get("/api/cameras/n1/cam0/history?max=0"), 400, "bad_request", "max: must be a whole number from 1 to 20000, got '0'");
    assertError(get("/api/cameras/n1/cam0/timelapse.mjpeg?max=lots"), 400, "bad_request",
        "max: must be a whole number from 1 to 5000, got 'lots'");
    assertError(get("/api/cameras/n1/cam0/timelapse.mjpeg?from=a&from=b"), 400, "bad_request", "from: given more than once");
    HttpResponse<Buffer> unreadable = get("/history-picture/n1/cam0.jpg?ts=soon");
    assertThat(unreadable.statusCode()).isEqualTo(400);
    assertThat(unreadable.bodyAsJsonObject().getString("detail")).startsWith("ts: cannot read 'soon' as a time");
    assertError(get("/history-picture/n1/cam0.jpg?ts=999999999999999"), 400, "bad_request", "ts: must be between 1970 and 9999, got '999999999999999'");
    assertError(get("/history-picture/n1/cam0.jpg?from=1"), 400, "bad_request", "from: unknown parameter; expected ts");
    assertThat(cam0.listRequests()).as("nothing asked of the camera").isEmpty();
    assertThat(cam0.pictureRequests()).isEmpty();
  }

  @Test
  void unknownCamerasAre404AndACameraWithoutHistoryHasNone() {
    for (String path : List.of("/api/cameras/n1/nope/history", "/history-picture/n1/nope.jpg", "/api/cameras/n1/nope/timelapse.mjpeg",
        "/api/cameras/elsewhere/cam0/history")) {
      HttpResponse<Buffer> response = get(path);
      assertThat(response.statusCode()).as(path).isEqualTo(404);
      assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("not_found");
      assertThat(response.bodyAsJsonObject().getString("detail")).startsWith("no camera '");
    }

    HttpResponse<Buffer> list = get("/api/cameras/n1/plain/history");
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.bodyAsJsonObject().getJsonArray("snapshots")).isEqualTo(new JsonArray());
    assertThat(list.bodyAsJsonObject().getJsonObject("status").getBoolean("enabled")).isFalse();
    assertError(get("/history-picture/n1/plain.jpg"), 404, "not_found", "camera plain keeps no history pictures (its history.everyMinutes is 0)");
    HttpResponse<Buffer> timelapse = get("/api/cameras/n1/plain/timelapse.mjpeg?from=" + T0 + "&to=" + (T0 + 1000));
    assertError(timelapse, 404, "not_found", "camera n1/plain kept no pictures from 2026-12-04T00:00:00Z to 2026-12-04T00:00:01Z");
    assertError(get("/api/cameras/n1/cam0/timelapse.mjpeg?from=" + (T0 + 1) + "&to=" + (T0 + 1000)), 404, "not_found",
        "camera n1/cam0 kept no pictures from 2026-12-04T00:00:00.001Z to 2026-12-04T00:00:01Z");
  }

  @Test
  void aCameraWhoseNodeDoesNotAnswerIsUnavailable() {
    for (String path : List.of("/api/cameras/old/cam0/history", "/history-picture/old/cam0.jpg", "/api/cameras/old/cam0/timelapse.mjpeg")) {
      HttpResponse<Buffer> response = get(path);
      assertThat(response.statusCode()).as(path).isEqualTo(503);
      assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("unavailable");
    }
  }

  private HttpResponse<Buffer> get(String path) {
    return await(client.get(port, "127.0.0.1", path).send());
  }

  private static void assertError(HttpResponse<Buffer> response, int status, String error, String detail) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).startsWith("application/json");
    assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo(error);
    assertThat(response.bodyAsJsonObject().getString("detail")).isEqualTo(detail);
  }

  /** JPEGs laid end to end, cut at each end-of-image marker (these pictures embed no thumbnail). */
  static List<byte[]> splitJpegs(byte[] bytes) {
    List<byte[]> parts = new ArrayList<>();
    int start = 0;
    for (int i = 0; i + 1 < bytes.length; i++) {
      if ((bytes[i] & 0xFF) == 0xFF && (bytes[i + 1] & 0xFF) == 0xD9) {
        byte[] part = new byte[i + 2 - start];
        System.arraycopy(bytes, start, part, 0, part.length);
        parts.add(part);
        start = i + 2;
        i++;
      }
    }
    assertThat(start).as("nothing after the last picture").isEqualTo(bytes.length);
    return parts;
  }

  private static <T> T await(Future<T> future) {
    return future.timeout(30, TimeUnit.SECONDS).await();
  }
}
