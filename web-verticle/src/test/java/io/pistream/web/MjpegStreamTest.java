package io.pistream.web;

import static io.pistream.web.CameraStreamTesting.EVENTUALLY;
import static io.pistream.web.CameraStreamTesting.NODE;
import static io.pistream.web.CameraStreamTesting.await;
import static io.pistream.web.CameraStreamTesting.decode;
import static io.pistream.web.CameraStreamTesting.high;
import static io.pistream.web.CameraStreamTesting.low;
import static io.pistream.web.CameraStreamTesting.serve;
import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.CameraDemand;
import io.pistream.contracts.CameraState;
import io.pistream.contracts.CameraStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class MjpegStreamTest {

  private HttpClient streams;
  private WebClient web;

  @BeforeEach
  void clients(Vertx vertx) {
    streams = vertx.createHttpClient(new HttpClientOptions(), new PoolOptions().setHttp1MaxSize(50));
    web = WebClient.create(vertx);
  }

  @Test
  void streamsJpegPartsWithTheirHeaders(Vertx vertx) {
    int port = serve(vertx, new JsonObject(), new FakeCamera(NODE, "cam0", high(), low()));
    long before = System.currentTimeMillis();

    FakeViewer viewer = await(FakeViewer.open(streams, port, "/stream/cam0.mjpg"));
    await(viewer.frames(3));

    assertThat(viewer.status()).isEqualTo(200);
    assertThat(viewer.headers().get("Content-Type")).isEqualTo("multipart/x-mixed-replace; boundary=pistreamframe");
    assertThat(viewer.headers().get("Cache-Control")).contains("no-store");
    assertThat(viewer.firstLine()).isEqualTo("--pistreamframe");
    assertThat(viewer.lastHeaders().get("Content-Type")).isEqualTo("image/jpeg");
    assertThat(Integer.parseInt(viewer.lastHeaders().get("Content-Length"))).isEqualTo(viewer.lastJpeg().length());
    String timestamp = viewer.lastHeaders().get("X-Timestamp");
    assertThat(timestamp).matches("\\d+\\.\\d{6}");
    assertThat((long) (Double.parseDouble(timestamp) * 1000)).isBetween(before - 1000, System.currentTimeMillis() + 1000);
    BufferedImage image = decode(viewer.lastJpeg());
    assertThat(image.getWidth()).isEqualTo(320);
    assertThat(image.getHeight()).isEqualTo(240);
  }

  @Test
  void theDefaultCameraAndTheNodeQualifiedPathStreamToo(Vertx vertx) {
    int port = serve(vertx, new JsonObject(), new FakeCamera(NODE, "cam0", high()));

    FakeViewer legacy = await(FakeViewer.open(streams, port, "/video_feed"));
    FakeViewer qualified = await(FakeViewer.open(streams, port, "/stream/" + NODE + "/cam0.mjpg"));
    await(Future.all(legacy.frames(2), qualified.frames(2)));

    assertThat(legacy.status()).isEqualTo(200);
    assertThat(qualified.status()).isEqualTo(200);
    assertThat(decode(legacy.lastJpeg()).getWidth()).isEqualTo(320);
  }

  @Test
  void theSixthViewerIsTurnedAwayWhileFiveKeepStreaming(Vertx vertx) {
    int port = serve(vertx, new JsonObject().put("retryAfterSeconds", 7), new FakeCamera(NODE, "cam0", high()));
    List<FakeViewer> five = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      FakeViewer viewer = await(FakeViewer.open(streams, port, "/stream/cam0.mjpg"));
      await(viewer.frames(1));
      five.add(viewer);
    }
    long started = System.nanoTime();

    FakeViewer sixth = await(FakeViewer.open(streams, port, "/stream/cam0.mjpg"));

    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).as("answered at once").isLessThan(5_000);
    assertThat(sixth.status()).isEqualTo(503);
    assertThat(sixth.headers().get("Retry-After")).isEqualTo("7");
    JsonObject body = await(sixth.body()).toJsonObject();
    assertThat(body.getString("error")).isEqualTo("camera_full");
    assertThat(body.getString("detail")).contains("cam0", "5");
    assertThat(body.getInteger("watching")).isEqualTo(5);
    assertThat(body.getInteger("cap")).isEqualTo(5);
    for (FakeViewer viewer : five) {
      await(viewer.frames(viewer.parts() + 3));
    }
  }

  @Test
  void theConnectionCapHoldsAcrossCameras(Vertx vertx) {
    int port = serve(vertx, new JsonObject().put("maxConnections", 2),
        new FakeCamera(NODE, "cam0", high()), new FakeCamera(NODE, "cam1", high()));
    await(await(FakeViewer.open(streams, port, "/stream/cam0.mjpg")).frames(1));
    await(await(FakeViewer.open(streams, port, "/stream/cam1.mjpg")).frames(1));

    FakeViewer third = await(FakeViewer.open(streams, port, "/stream/cam1.mjpg"));

    assertThat(third.status()).isEqualTo(503);
    assertThat(third.headers().get("Retry-After")).isEqualTo("10");
    JsonObject body = await(third.body()).toJsonObject();
    assertThat(body.getString("error")).isEqualTo("server_full");
    assertThat(body.getInteger("watching")).isEqualTo(2);
    assertThat(body.getInteger("cap")).isEqualTo(2);
  }

  @Test
  void framesAreSubscribedOnlyWhileSomeoneWatches(Vertx vertx) {
    FakeCamera camera = new FakeCamera(NODE, "cam0", high());
    int port = serve(vertx, new JsonObject().put("demandLeaseSeconds", 3), camera);

    assertThat(await(camera.framesConsumed())).as("subscribed before any viewer").isFalse();
    assertThat(camera.demands()).isEmpty();

    FakeViewer viewer = await(FakeViewer.open(streams, port, "/stream/cam0.mjpg"));
    await(viewer.frames(2));
    assertThat(await(camera.framesConsumed())).as("subscribed with one viewer").isTrue();
    assertThat(camera.demands().get(0).consumer()).isEqualTo(NODE);
    assertThat(camera.demands().get(0).leaseMs()).isEqualTo(3000);
    EVENTUALLY.until(vertx, "the lease to be renewed", () -> Future.succeededFuture(camera.demands()), demands -> demands.size() >= 2).await();

    await(viewer.close());
    EVENTUALLY.until(vertx, "the frames to be unsubscribed", () -> camera.framesConsumed().map(consumed -> !consumed)).await();
    EVENTUALLY.until(vertx, "a release", () -> Future.succeededFuture(lastDemand(camera)), demand -> demand.leaseMs() == 0).await();
    int demandsAfterLeaving = camera.demands().size();
    JsonObject list = await(web.get(port, "127.0.0.1", "/api/cameras").send()).bodyAsJsonObject();
    assertThat(list.getJsonArray("cameras").getJsonObject(0).getInteger("viewers")).isZero();
    assertThat(camera.demands().size()).as("no demand once unsubscribed").isEqualTo(demandsAfterLeaving);
  }

  @Test
  void manyViewersOfOneNodeAreOneConsumerToTheCamera(Vertx vertx) {
    FakeCamera camera = new FakeCamera(NODE, "cam0", high());
    int port = serve(vertx, new JsonObject().put("demandLeaseSeconds", 60), camera);
    List<FakeViewer> viewers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      viewers.add(await(FakeViewer.open(streams, port, "/stream/cam0.mjpg")));
    }
    for (FakeViewer viewer : viewers) {
      await(viewer.frames(2));
    }

    // On a camera's node, this web node is one stream however many watch through it.
    assertThat(camera.demands()).as("one demand, not one per viewer").hasSize(1);
    assertThat(camera.demands()).allMatch(demand -> demand.consumer().equals(NODE));
  }

  @Test
  void theLastViewerLeavingReleasesTheDemandAndTheNextViewerDemandsAgain(Vertx vertx) {
    FakeCamera camera = new FakeCamera(NODE, "cam0", high());
    int port = serve(vertx, new JsonObject().put("demandLeaseSeconds", 30), camera);
    FakeViewer first = await(FakeViewer.open(streams, port, "/stream/cam0.mjpg"));
    FakeViewer second = await(FakeViewer.open(streams, port, "/stream/cam0.mjpg"));
    await(Future.all(first.frames(2), second.frames(2)));

    await(first.close());
    EVENTUALLY.until(vertx, "one viewer to be left", () -> cameras(port),
        list -> list.getJsonArray("cameras").getJsonObject(0).getInteger("viewers") == 1).await();
    assertThat(camera.demands()).as("no release while a viewer stays").allMatch(demand -> demand.leaseMs() == 30_000);
    await(second.close());
    EVENTUALLY.until(vertx, "a release", () -> Future.succeededFuture(lastDemand(camera)), demand -> demand.leaseMs() == 0).await();
    assertThat(lastDemand(camera).consumer()).isEqualTo(NODE);
    assertThat(camera.demands()).filteredOn(demand -> demand.leaseMs() == 0).as("one release").hasSize(1);

    FakeViewer returning = await(FakeViewer.open(streams, port, "/stream/cam0.mjpg"));
    await(returning.frames(2));
    assertThat(returning.status()).isEqualTo(200);
    assertThat(lastDemand(camera).leaseMs()).as("the returning viewer demands again").isEqualTo(30_000);
    assertThat(lastDemand(camera).consumer()).isEqualTo(NODE);
  }

  @Test
  void aReaderThatStallsIsDroppedWhileTheOthersKeepStreaming(Vertx vertx) {
    FakeCamera camera = new FakeCamera(NODE, "cam0", new FakeCamera.Profile("noisy", 640, 480, 20, 5, true));
    int port = serve(vertx, new JsonObject().put("stallTimeoutSeconds", 2), camera);
    FakeViewer first = await(FakeViewer.open(streams, port, "/stream/cam0.mjpg"));
    FakeViewer second = await(FakeViewer.open(streams, port, "/stream/cam0.mjpg"));
    await(Future.all(first.frames(1), second.frames(1)));

    NetSocket stalled = await(vertx.createNetClient(new NetClientOptions().setReceiveBufferSize(4096)).connect(port, "127.0.0.1"));
    stalled.pause();
    await(stalled.write("GET /stream/cam0.mjpg HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
    EVENTUALLY.until(vertx, "frames skipped for the stalled viewer", () -> cameras(port), list -> clients(list).stream()
        .anyMatch(client -> ((JsonObject) client).getLong("skippedFrames") > 0)).await();
    long firstAtStall = first.parts();
    long secondAtStall = second.parts();

    EVENTUALLY.until(vertx, "the stalled viewer to be dropped", () -> cameras(port), list -> clients(list).size() == 2).await();
    JsonObject afterDrop = await(cameras(port)).getJsonArray("cameras").getJsonObject(0);
    assertThat(afterDrop.getLong("stallDisconnects")).isEqualTo(1);
    assertThat(afterDrop.getLong("skippedFrames")).as("the dropped viewer's skips still count").isPositive();

    assertThat(first.parts() - firstAtStall).as("frames to the first viewer while the other stalled").isGreaterThanOrEqualTo(10);
    assertThat(second.parts() - secondAtStall).as("frames to the second viewer while the other stalled").isGreaterThanOrEqualTo(10);
    await(Future.all(first.frames(first.parts() + 3), second.frames(second.parts() + 3)));
    await(stalled.close());
  }

  @Test
  void aViewerAskingForFewerFramesPerSecondGetsFewer(Vertx vertx) {
    int port = serve(vertx, new JsonObject(), new FakeCamera(NODE, "cam0", high()));
    FakeViewer full = await(FakeViewer.open(streams, port, "/stream/cam0.mjpg"));
    FakeViewer thin = await(FakeViewer.open(streams, port, "/stream/cam0.mjpg?fps=5"));
    await(Future.all(full.frames(1), thin.frames(1)));
    long fullStart = full.parts();
    long thinStart = thin.parts();

    await(full.frames(fullStart + 40));

    long thinGot = thin.parts() - thinStart;
    assertThat(thinGot).as("a quarter of 40 frames, give or take timing").isBetween(4L, 20L);
  }

  @Test
  void anFpsOutsideTheCameraRateIsABadRequest(Vertx vertx) {
    int port = serve(vertx, new JsonObject(), new FakeCamera(NODE, "cam0", high()));

    for (String fps : List.of("0", "21", "many")) {
      HttpResponse<Buffer> response = await(web.get(port, "127.0.0.1", "/stream/cam0.mjpg?fps=" + fps).send());
      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(response.bodyAsJsonObject().getString("detail")).contains("fps", "1 to 20");
    }
  }

  @Test
  void aSnapshotIsOneFreshJpeg(Vertx vertx) {
    int port = serve(vertx, new JsonObject(), new FakeCamera(NODE, "cam0", high()));

    for (String path : List.of("/snapshot/cam0.jpg", "/snapshot/" + NODE + "/cam0.jpg")) {
      HttpResponse<Buffer> response = await(web.get(port, "127.0.0.1", path).send());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.getHeader("Content-Type")).isEqualTo("image/jpeg");
      assertThat(response.getHeader("X-Timestamp")).matches("\\d+\\.\\d{6}");
      BufferedImage image = decode(response.body());
      assertThat(image.getWidth()).isEqualTo(320);
      assertThat(image.getHeight()).isEqualTo(240);
    }
  }

  @Test
  void theCameraListShowsEachCameraAndItsViewers(Vertx vertx) {
    int port = serve(vertx, new JsonObject(), new FakeCamera(NODE, "cam0", high(), low()).bitrate(2_000_000));
    long before = System.currentTimeMillis();
    FakeViewer full = await(FakeViewer.open(streams, port, "/stream/cam0.mjpg"));
    FakeViewer thin = await(FakeViewer.open(streams, port, "/stream/cam0.mjpg?fps=5"));
    await(Future.all(full.frames(1), thin.frames(1)));

    EVENTUALLY.until(vertx, "a delivered rate for every viewer", () -> cameras(port), list -> clients(list).stream()
        .allMatch(client -> ((JsonObject) client).getDouble("deliveredFps") > 0)).await();
    JsonObject list = await(cameras(port));

    assertThat(list.getString("node")).isEqualTo(NODE);
    assertThat(list.getInteger("connections")).isEqualTo(2);
    assertThat(list.getInteger("maxConnections")).isEqualTo(100);
    JsonObject camera = list.getJsonArray("cameras").getJsonObject(0);
    assertThat(camera.getString("node")).isEqualTo(NODE);
    assertThat(camera.getString("camera")).isEqualTo("cam0");
    assertThat(camera.getString("name")).isEqualTo("Fake cam0");
    assertThat(camera.getString("state")).isEqualTo("streaming");
    assertThat(camera.getString("profile")).isEqualTo("high");
    assertThat(camera.getJsonArray("profiles")).containsExactly("high", "low");
    assertThat(camera.getInteger("fps")).isEqualTo(20);
    assertThat(camera.getDouble("measuredFps")).isEqualTo(20.0);
    assertThat(camera.getLong("bitrateBps")).isEqualTo(2_000_000L);
    assertThat(camera.getInteger("viewers")).isEqualTo(2);
    assertThat(camera.getInteger("cap")).isEqualTo(5);
    assertThat(camera.fieldNames()).as("an item is the camera.status message plus this node's viewers")
        .containsAll(CameraStatus.fromJson(camera).toJson().fieldNames());
    assertThat(CameraStatus.fromJson(camera).viewerCap()).isEqualTo(5);
    JsonArray clients = camera.getJsonArray("clients");
    assertThat(clients).hasSize(2);
    JsonObject fullStats = clients.getJsonObject(0);
    JsonObject thinStats = clients.getJsonObject(1);
    assertThat(fullStats.getInteger("requestedFps")).isZero();
    assertThat(thinStats.getInteger("requestedFps")).isEqualTo(5);
    assertThat(fullStats.getDouble("deliveredFps")).isBetween(5.0, 30.0);
    assertThat(thinStats.getDouble("deliveredFps")).isBetween(0.5, 10.0);
    assertThat(fullStats.getLong("deliveredFrames")).isPositive();
    assertThat(fullStats.getLong("skippedFrames")).isNotNegative();
    assertThat(fullStats.getLong("connectedSince")).isBetween(before, System.currentTimeMillis());
  }

  @Test
  void aProfileSwitchIsForwardedAndViewersStay(Vertx vertx) {
    FakeCamera camera = new FakeCamera(NODE, "cam0", high(), low());
    int port = serve(vertx, new JsonObject(), camera);
    FakeViewer viewer = await(FakeViewer.open(streams, port, "/stream/cam0.mjpg"));
    await(viewer.frames(2));

    HttpResponse<Buffer> response = await(web.post(port, "127.0.0.1", "/api/cameras/cam0/profile")
        .sendJsonObject(new JsonObject().put("profile", "low")));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject status = response.bodyAsJsonObject();
    assertThat(status.getString("profile")).isEqualTo("low");
    assertThat(status.getInteger("width")).isEqualTo(160);
    assertThat(status.getInteger("cap")).isEqualTo(10);
    assertThat(status.getInteger("viewers")).isEqualTo(1);
    assertThat(camera.profileRequests()).containsExactly("low");
    await(viewer.frames(viewer.parts() + 3));
    assertThat(decode(viewer.lastJpeg()).getWidth()).as("the same viewer now gets the low profile").isEqualTo(160);
  }

  @Test
  void aProfileSwitchWithABadBodyIsABadRequest(Vertx vertx) {
    FakeCamera camera = new FakeCamera(NODE, "cam0", high(), low());
    int port = serve(vertx, new JsonObject(), camera);

    HttpResponse<Buffer> unknown = await(web.post(port, "127.0.0.1", "/api/cameras/cam0/profile")
        .sendJsonObject(new JsonObject().put("profile", "ultra")));
    HttpResponse<Buffer> notJson = await(web.post(port, "127.0.0.1", "/api/cameras/cam0/profile")
        .sendBuffer(Buffer.buffer("low")));
    HttpResponse<Buffer> array = await(web.post(port, "127.0.0.1", "/api/cameras/cam0/profile")
        .sendBuffer(Buffer.buffer("[\"low\"]")));

    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.bodyAsJsonObject().getString("detail")).contains("ultra", "high, low");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(array.statusCode()).as("found by the request fuzz: an array was a 500").isEqualTo(400);
    assertThat(array.bodyAsJsonObject().getString("error")).isEqualTo("bad_request");
    assertThat(camera.profileRequests()).isEmpty();
  }

  @Test
  void anUnknownCameraIsNotFound(Vertx vertx) {
    int port = serve(vertx, new JsonObject(), new FakeCamera(NODE, "cam0", high()));

    for (String path : List.of("/stream/nope.mjpg", "/stream/other-node/cam0.mjpg", "/snapshot/nope.jpg")) {
      HttpResponse<Buffer> response = await(web.get(port, "127.0.0.1", path).send());
      assertThat(response.statusCode()).as(path).isEqualTo(404);
      assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("not_found");
      assertThat(response.bodyAsJsonObject().getString("detail")).startsWith("no camera '");
    }
    HttpResponse<Buffer> profile = await(web.post(port, "127.0.0.1", "/api/cameras/nope/profile")
        .sendJsonObject(new JsonObject().put("profile", "low")));
    assertThat(profile.statusCode()).isEqualTo(404);
  }

  @Test
  void aCameraThatDoesNotAnswerTheDemandIsUnavailable(Vertx vertx) {
    int port = serve(vertx, new JsonObject(), new FakeCamera(NODE, "cam0", high()));
    CameraStatus ghost = new CameraStatus(NODE, "ghost", "Ghost", CameraState.IDLE, "", "high", List.of("high"),
        320, 240, 20, 5, 0, 0, 0);
    vertx.eventBus().publish(Addresses.CAMERA_STATUS, ghost.toJson());
    EVENTUALLY.until(vertx, "the ghost camera to be listed", () -> cameras(port), list -> list.getJsonArray("cameras").size() == 2).await();

    HttpResponse<Buffer> response = await(web.get(port, "127.0.0.1", "/stream/ghost.mjpg").send());

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("unavailable");
    JsonObject list = await(cameras(port));
    assertThat(list.getInteger("connections")).as("the refused viewer is not counted").isZero();
  }

  private Future<JsonObject> cameras(int port) {
    return web.get(port, "127.0.0.1", "/api/cameras").send().map(HttpResponse::bodyAsJsonObject);
  }

  private static CameraDemand lastDemand(FakeCamera camera) {
    List<CameraDemand> demands = camera.demands();
    return demands.get(demands.size() - 1);
  }

  private static JsonArray clients(JsonObject list) {
    return list.getJsonArray("cameras").getJsonObject(0).getJsonArray("clients");
  }
}
