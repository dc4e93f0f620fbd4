package io.pistream.web;

import static io.pistream.web.CameraStreamTesting.EVENTUALLY;
import static io.pistream.web.CameraStreamTesting.NODE;
import static io.pistream.web.CameraStreamTesting.await;
import static io.pistream.web.CameraStreamTesting.serve;
import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.testing.Eventually;
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
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The viewer ladder through real streams: steps past the full-rate viewers, moving up, the budget's 503, a slow link. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 180, timeUnit = TimeUnit.SECONDS)
class ViewerLadderStreamTest {

  /** Two full-rate viewers at 20 fps, then 10, 5 and 1. */
  private static FakeCamera laddered(boolean noisy) {
    return new FakeCamera(NODE, "cam0", new FakeCamera.Profile("hd", noisy ? 640 : 320, noisy ? 480 : 240, 20, 2, noisy))
        .ladder(20, 10, 5, 1);
  }

  private HttpClient streams;
  private WebClient web;

  @BeforeEach
  void clients(Vertx vertx) {
    streams = vertx.createHttpClient(new HttpClientOptions(), new PoolOptions().setHttp1MaxSize(50));
    web = WebClient.create(vertx);
  }

  @Test
  void pastTheFullRateViewersOneGetsTheNextStepAndMovesUpWhenAFullRateOneLeaves(Vertx vertx) {
    int port = serve(vertx, new JsonObject().put("uplinkMbps", 10_000), laddered(false));
    FakeViewer a = await(FakeViewer.open(streams, port, "/stream/cam0.mjpg?client=tile-a"));
    FakeViewer b = await(FakeViewer.open(streams, port, "/stream/cam0.mjpg?client=tile-b"));
    FakeViewer c = await(FakeViewer.open(streams, port, "/stream/cam0.mjpg?client=tile-c"));
    await(Future.all(a.frames(1), b.frames(1), c.frames(1)));

    JsonObject camera = await(camera(port));
    assertThat(camera.getJsonArray("ladderFps")).containsExactly(20, 10, 5, 1);
    assertThat(camera.getJsonArray("ladder")).containsExactly(step(20, 2), step(10, 1), step(5, 0), step(1, 0));
    assertThat(client(camera, "tile-a").orElseThrow().getInteger("fps")).isEqualTo(20);
    assertThat(client(camera, "tile-a").orElseThrow().getString("reason")).isEqualTo("full");
    JsonObject third = client(camera, "tile-c").orElseThrow();
    assertThat(third.getInteger("fps")).isEqualTo(10);
    assertThat(third.getString("reason")).isEqualTo("budget");
    long aStart = a.parts();
    long cStart = c.parts();
    await(a.frames(aStart + 40));
    assertThat(c.parts() - cStart).as("half of 40 frames, give or take timing").isBetween(8L, 32L);

    await(a.close());

    JsonObject after = EVENTUALLY.until(vertx, "the third viewer to move up to the full rate", () -> camera(port),
        list -> client(list, "tile-c").map(entry -> entry.getInteger("fps") == 20).orElse(false)).await();
    assertThat(client(after, "tile-c").orElseThrow().getString("reason")).isEqualTo("full");
    assertThat(after.getJsonArray("ladder")).containsExactly(step(20, 2), step(10, 0), step(5, 0), step(1, 0));
    long cNow = c.parts();
    long bNow = b.parts();
    await(b.frames(bNow + 40));
    assertThat(c.parts() - cNow).as("now as many as a full-rate viewer, give or take timing").isGreaterThanOrEqualTo(25L);
  }

  @Test
  void whenTheBudgetIsTakenEvenAtTheLowestStepTheNextViewerGetsA503NamingTheUplink(Vertx vertx) {
    int port = serve(vertx, new JsonObject().put("uplinkMbps", 0.001).put("retryAfterSeconds", 4), laddered(false));
    FakeViewer first = await(FakeViewer.open(streams, port, "/stream/cam0.mjpg?client=first"));
    await(first.frames(1));

    FakeViewer second = await(FakeViewer.open(streams, port, "/stream/cam0.mjpg"));

    assertThat(second.status()).isEqualTo(503);
    assertThat(second.headers().get("Retry-After")).isEqualTo("4");
    JsonObject body = await(second.body()).toJsonObject();
    assertThat(body.getString("error")).isEqualTo("uplink_full");
    assertThat(body.getString("detail")).contains("cam0", "uplink budget");
    JsonObject camera = await(camera(port));
    assertThat(client(camera, "first").orElseThrow().getInteger("fps"))
        .as("a camera nobody watched is watched whatever the budget, at its lowest step").isEqualTo(1);
    assertThat(camera.getInteger("cap")).isEqualTo(1);
  }

  @Test
  void aClientIdOfTheWrongShapeIsABadRequest(Vertx vertx) {
    int port = serve(vertx, new JsonObject(), laddered(false));

    for (String client : new String[] {"has%20space", "x".repeat(65), "%3Cscript%3E", "dot.ted"}) {
      FakeViewer refused = await(FakeViewer.open(streams, port, "/stream/cam0.mjpg?client=" + client));
      assertThat(refused.status()).as(client).isEqualTo(400);
      JsonObject body = await(refused.body()).toJsonObject();
      assertThat(body.getString("error")).isEqualTo("bad_request");
      assertThat(body.getString("detail")).contains("client");
    }
  }

  @Test
  void aViewerWhoseLinkCannotKeepUpMovesDownAStepInsteadOfBeingDroppedAndBackUpOnceItDrains(Vertx vertx) {
    int port = serve(vertx, new JsonObject().put("uplinkMbps", 10_000).put("stallTimeoutSeconds", 120), laddered(true));
    NetSocket slow = await(vertx.createNetClient(new NetClientOptions().setReceiveBufferSize(4096)).connect(port, "127.0.0.1"));
    AtomicLong received = new AtomicLong();
    slow.handler(data -> received.addAndGet(data.length()));
    slow.pause();
    await(slow.write("GET /stream/cam0.mjpg?client=slow HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));

    JsonObject down = EVENTUALLY.until(vertx, "the slow viewer to move down a step", () -> camera(port),
        list -> client(list, "slow").map(entry -> "link".equals(entry.getString("reason"))).orElse(false)).await();
    assertThat(client(down, "slow").orElseThrow().getInteger("fps")).isLessThan(20);
    slow.resume();

    JsonObject up = Eventually.within(Duration.ofSeconds(120)).until(vertx, "the drained viewer to be back at the full rate",
        () -> camera(port), list -> client(list, "slow").map(entry -> "full".equals(entry.getString("reason"))).orElse(false)).await();
    assertThat(client(up, "slow").orElseThrow().getInteger("fps")).isEqualTo(20);
    assertThat(up.getLong("stallDisconnects")).as("moved down, never dropped").isZero();
    long before = received.get();
    EVENTUALLY.until(vertx, "frames to keep arriving", () -> Future.succeededFuture(received.get()), now -> now > before + 100_000).await();
    await(slow.close());
  }

  private Future<JsonObject> camera(int port) {
    return web.get(port, "127.0.0.1", "/api/cameras").send().map(answer -> answer.bodyAsJsonObject().getJsonArray("cameras").getJsonObject(0));
  }

  private static Optional<JsonObject> client(JsonObject camera, String id) {
    JsonArray clients = camera.getJsonArray("clients");
    for (int i = 0; i < clients.size(); i++) {
      if (id.equals(clients.getJsonObject(i).getString("client"))) {
        return Optional.of(clients.getJsonObject(i));
      }
    }
    return Optional.empty();
  }

  private static JsonObject step(int fps, int viewers) {
    return new JsonObject().put("fps", fps).put("viewers", viewers);
  }
}
