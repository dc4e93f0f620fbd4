package io.pistream.web;

import static io.pistream.web.CameraStreamTesting.EVENTUALLY;
import static io.pistream.web.CameraStreamTesting.NODE;
import static io.pistream.web.CameraStreamTesting.await;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.pistream.testing.Eventually;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * The shared parts live in pooled direct memory that only reference counting gives back. With Netty's
 * leak detector at its paranoid level (every buffer tracked), many frames go to viewers that read, that
 * never read and are dropped with writes pending, and that disconnect mid-stream; then the detector must
 * have found nothing. A deliberately leaked canary before and after proves the detector was listening.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class MjpegStreamLeakTest {

  private static final int ROUNDS = 4;
  private static final long FRAMES_PER_READER = 25;
  private static final Eventually CANARY_REPORT = Eventually.within(Duration.ofSeconds(30)).every(Duration.ofMillis(10));

  private final List<String> leaks = new CopyOnWriteArrayList<>();
  private final AppenderBase<ILoggingEvent> leakLog = new AppenderBase<>() {
    @Override
    protected void append(ILoggingEvent event) {
      if (event.getFormattedMessage().contains("LEAK")) {
        leaks.add(event.getFormattedMessage());
      }
    }
  };
  private ResourceLeakDetector.Level levelBefore;
  private Logger detectorLogger;

  @BeforeEach
  void paranoidLeakDetection() {
    levelBefore = ResourceLeakDetector.getLevel();
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    detectorLogger = (Logger) LoggerFactory.getLogger(ResourceLeakDetector.class);
    detectorLogger.setLevel(Level.ERROR);
    leakLog.start();
    detectorLogger.addAppender(leakLog);
  }

  @AfterEach
  void restoreLeakDetection() {
    detectorLogger.detachAppender(leakLog);
    ResourceLeakDetector.setLevel(levelBefore);
  }

  @Test
  void noPartLeaksWhateverTheViewersDo(Vertx vertx) throws IOException, InterruptedException {
    leakCanaryAndWaitForItsReport("canary-before");
    leaks.clear();

    // big noisy frames at 50 fps, so writes are often still pending when a viewer goes away
    FakeCamera camera = new FakeCamera(NODE, "cam0", new FakeCamera.Profile("big", 480, 360, 50, 1000, true));
    int port = CameraStreamTesting.serve(vertx, new JsonObject().put("stallTimeoutSeconds", 1).put("uplinkMbps", 0), camera);
    HttpClient streams = vertx.createHttpClient(new HttpClientOptions(), new PoolOptions().setHttp1MaxSize(50));
    long framesRead = 0;
    for (int round = 0; round < ROUNDS; round++) {
      List<FakeViewer> readers = new ArrayList<>();
      List<FakeViewer> leavers = new ArrayList<>();
      List<Socket> stalled = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        readers.add(await(FakeViewer.open(streams, port, "/stream/cam0.mjpg")));
        leavers.add(await(FakeViewer.open(streams, port, "/stream/cam0.mjpg")));
        stalled.add(CameraStreamTesting.nonReadingViewer(port, "/stream/cam0.mjpg"));
      }
      for (FakeViewer leaver : leavers) {
        await(leaver.frames(2).compose(v -> leaver.close()));
      }
      await(Future.all(readers.stream().map(reader -> reader.frames(FRAMES_PER_READER)).toList()));
      // stalled viewers have writes waiting in their queues: close them from both ends, mid-write
      for (Socket socket : stalled) {
        socket.close();
      }
      for (FakeViewer reader : readers) {
        framesRead += reader.parts();
        await(reader.close());
      }
      EVENTUALLY.until(vertx, "the frames to be unsubscribed", () -> camera.framesConsumed().map(consumed -> !consumed)).await();
    }
    // the routes stop, which gives back the part every feed still holds
    await(Future.all(vertx.deploymentIDs().stream().map(vertx::undeploy).toList()));

    leakCanaryAndWaitForItsReport("canary-after");

    assertThat(framesRead).isGreaterThanOrEqualTo(ROUNDS * 3 * FRAMES_PER_READER);
    assertThat(leaks).as("LEAK reports other than the canaries").allMatch(report -> report.contains("canary-after"));
    assertThat(leaks).as("the detector reported the canary, so it was listening").isNotEmpty();
  }

  /** Drops an unreleased buffer and collects garbage until the detector reports it. */
  private void leakCanaryAndWaitForItsReport(String hint) throws InterruptedException {
    leakOne(hint);
    CANARY_REPORT.blockingUntil("the leak detector to report the " + hint, () -> {
      System.gc();
      // the detector looks at collected buffers when the next one is allocated
      ByteBufAllocator.DEFAULT.directBuffer(64).release();
      return leaks.stream().anyMatch(report -> report.contains(hint));
    }, reported -> reported);
  }

  private static void leakOne(String hint) {
    ByteBuf canary = ByteBufAllocator.DEFAULT.directBuffer(64);
    canary.touch(hint);
  }
}
