package io.pistream.camera;

import static io.pistream.camera.CameraTests.NODE;
import static io.pistream.camera.CameraTests.demand;
import static io.pistream.camera.CameraTests.deploy;
import static io.pistream.camera.CameraTests.section;
import static io.pistream.camera.CameraTests.status;
import static io.pistream.camera.CameraTests.synthetic;
import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.CameraState;
import io.pistream.contracts.CameraStatus;
import io.pistream.contracts.ConfigException;
import io.pistream.contracts.Failures;
import io.pistream.contracts.CameraFrame;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class CameraVerticleTest {

  @Test
  void startsOnDemandAndStopsAfterTheIdleTimeout(Vertx vertx, VertxTestContext ctx) {
    Checkpoint streaming = ctx.checkpoint();
    Checkpoint framesFlow = ctx.checkpoint();
    Checkpoint idleAgain = ctx.checkpoint();
    AtomicLong demandedAt = new AtomicLong();
    AtomicInteger frames = new AtomicInteger();
    List<Long> seqs = new ArrayList<>();
    vertx.eventBus().<CameraFrame>consumer(Addresses.cameraFrames(NODE, "cam0"), frame -> {
      seqs.add(frame.body().seq());
      ctx.verify(() -> {
        assertThat(frame.body().width()).isEqualTo(160);
        assertThat(frame.body().height()).isEqualTo(120);
        assertThat(frame.body().statusFrame()).isFalse();
        assertThat(frame.body().jpeg().getByte(0)).isEqualTo((byte) 0xFF);
      });
      if (frames.incrementAndGet() == 5) {
        ctx.verify(() -> assertThat(seqs).isSorted().doesNotHaveDuplicates());
        framesFlow.flag();
      }
    });
    boolean[] sawStreaming = {false};
    vertx.eventBus().<JsonObject>consumer(Addresses.CAMERA_STATUS, msg -> {
      CameraStatus status = CameraStatus.fromJson(msg.body());
      if (status.state() == CameraState.STREAMING && !sawStreaming[0]) {
        sawStreaming[0] = true;
        streaming.flag();
      } else if (status.state() == CameraState.IDLE && sawStreaming[0]) {
        long after = System.currentTimeMillis() - demandedAt.get();
        // lease 300 ms + idle timeout 500 ms, with room for a slow, busy machine on the upper side
        ctx.verify(() -> assertThat(after).isBetween(750L, 15_000L));
        idleAgain.flag();
      }
    });
    deploy(vertx, section(synthetic("cam0")))
        .compose(id -> {
          demandedAt.set(System.currentTimeMillis());
          return demand(vertx, "cam0", 300);
        })
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          CameraStatus status = status(reply);
          assertThat(status.state()).isEqualTo(CameraState.STARTING);
          assertThat(status.node()).isEqualTo(NODE);
          assertThat(status.camera()).isEqualTo("cam0");
          assertThat(status.profile()).isEqualTo("small");
          assertThat(status.profiles()).containsExactly("small", "tiny");
          assertThat(status.viewerCap()).isEqualTo(3);
          assertThat(status.ladderFps()).as("the default ladder under the profile's 20 fps").containsExactly(20, 12, 6, 1);
        })));
  }

  @Test
  void aReleaseStopsTheCameraAfterTheIdleTimeoutOnceNoOtherLeaseHoldsIt(Vertx vertx, VertxTestContext ctx) {
    Checkpoint keptRunningForTheOtherLease = ctx.checkpoint();
    Checkpoint stoppedAfterTheLastRelease = ctx.checkpoint();
    Checkpoint restartedOnTheNextDemand = ctx.checkpoint();
    // -1 demanding, 0 both leases held, 1 web-a released, 2 both released, 3 demanded again
    int[] phase = {-1};
    AtomicLong firstReleaseAt = new AtomicLong();
    AtomicLong lastReleaseAt = new AtomicLong();
    vertx.eventBus().<CameraFrame>consumer(Addresses.cameraFrames(NODE, "cam0"), frame -> {
      long now = System.currentTimeMillis();
      if (phase[0] == 0) {
        phase[0] = 1;
        firstReleaseAt.set(now);
        demand(vertx, "cam0", "web-a", 0).onComplete(ctx.succeeding(reply -> ctx.verify(() ->
            assertThat(status(reply).state()).isNotEqualTo(CameraState.IDLE))));
      } else if (phase[0] == 1 && now - firstReleaseAt.get() >= 1_500) {
        // three idle timeouts after web-a's release, web-b's lease still keeps frames coming
        phase[0] = 2;
        keptRunningForTheOtherLease.flag();
        lastReleaseAt.set(now);
        demand(vertx, "cam0", "web-b", 0).onComplete(ctx.succeeding(reply -> { }));
      }
    });
    vertx.eventBus().<JsonObject>consumer(Addresses.CAMERA_STATUS, msg -> {
      CameraState state = CameraStatus.fromJson(msg.body()).state();
      if (state == CameraState.IDLE && phase[0] >= 0 && phase[0] < 2) {
        ctx.failNow(new AssertionError("camera stopped while web-b's 30 s lease was running"));
      } else if (state == CameraState.IDLE && phase[0] == 2) {
        long after = System.currentTimeMillis() - lastReleaseAt.get();
        // idle timeout 500 ms after the release, far below the 30 s the lease alone would have held it
        ctx.verify(() -> assertThat(after).isBetween(400L, 15_000L));
        stoppedAfterTheLastRelease.flag();
        phase[0] = 3;
        demand(vertx, "cam0", "web-a", 30_000).onComplete(ctx.succeeding(reply -> ctx.verify(() ->
            assertThat(status(reply).state()).isEqualTo(CameraState.STARTING))));
      } else if (state == CameraState.STREAMING && phase[0] == 3) {
        phase[0] = 4;
        restartedOnTheNextDemand.flag();
      }
    });
    deploy(vertx, section(synthetic("cam0")))
        .compose(id -> demand(vertx, "cam0", "web-a", 30_000))
        .compose(reply -> demand(vertx, "cam0", "web-b", 30_000))
        .onComplete(ctx.succeeding(reply -> phase[0] = 0));
  }

  @Test
  void aNegativeLeaseIsRefusedAndAReleaseAloneNeverStartsTheCamera(Vertx vertx, VertxTestContext ctx) {
    deploy(vertx, section(synthetic("cam0")))
        .compose(id -> demand(vertx, "cam0", "web-a", -1).transform(refused -> {
          ctx.verify(() -> {
            assertThat(refused.failed()).as("a negative lease is refused").isTrue();
            assertThat(((ReplyException) refused.cause()).failureCode()).isEqualTo(Failures.BAD_REQUEST);
            assertThat(refused.cause().getMessage()).contains("cam0", "leaseMs", "-1");
          });
          return demand(vertx, "cam0", "web-a", 0);
        }))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertThat(status(reply).state()).as("a release from nobody watching leaves the camera idle").isEqualTo(CameraState.IDLE);
          ctx.completeNow();
        })));
  }

  @Test
  void publishesNoFramesForACameraNobodyAskedFor(Vertx vertx, VertxTestContext ctx) {
    AtomicInteger unwanted = new AtomicInteger();
    vertx.eventBus().<CameraFrame>consumer(Addresses.cameraFrames(NODE, "cam0"), frame -> unwanted.incrementAndGet());
    AtomicInteger wanted = new AtomicInteger();
    vertx.eventBus().<CameraFrame>consumer(Addresses.cameraFrames(NODE, "cam1"), frame -> {
      if (wanted.incrementAndGet() == 20) {
        vertx.eventBus().request(Addresses.cameraDemand(NODE, "cam1"), new JsonObject().put("consumer", "t").put("leaseMs", 1))
            .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
              assertThat(unwanted.get()).isZero();
              ctx.completeNow();
            })));
      }
    });
    deploy(vertx, section(synthetic("cam0"), synthetic("cam1")))
        .compose(id -> demand(vertx, "cam1", 10_000))
        .onComplete(ctx.succeeding(reply -> { }));
  }

  @Test
  void snapshotStartsTheCameraAndAnswersWithAFreshJpeg(Vertx vertx, VertxTestContext ctx) {
    Checkpoint answered = ctx.checkpoint();
    Checkpoint stoppedAfterwards = ctx.checkpoint();
    boolean[] answeredYet = {false};
    vertx.eventBus().<JsonObject>consumer(Addresses.CAMERA_STATUS, msg -> {
      if (answeredYet[0] && CameraStatus.fromJson(msg.body()).state() == CameraState.IDLE) {
        stoppedAfterwards.flag();
      }
    });
    deploy(vertx, section(synthetic("cam0")))
        .compose(id -> vertx.eventBus().<CameraFrame>request(Addresses.cameraSnapshot(NODE, "cam0"), new JsonObject()))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          BufferedImage image = TestJpegs.decode(reply.body().jpeg().getBytes());
          assertThat(image.getWidth()).isEqualTo(160);
          assertThat(image.getHeight()).isEqualTo(120);
          assertThat(reply.body().width()).isEqualTo(160);
          assertThat(reply.body().ts()).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(10_000L));
          answeredYet[0] = true;
          answered.flag();
        })));
  }

  @Test
  void switchingTheProfileRestartsCaptureOnTheSameAddress(Vertx vertx, VertxTestContext ctx) {
    AtomicInteger phase = new AtomicInteger();
    vertx.eventBus().<CameraFrame>consumer(Addresses.cameraFrames(NODE, "cam0"), frame -> {
      int width = frame.body().width();
      boolean captured = !frame.body().statusFrame();
      if (phase.get() == 0 && captured && width == 160) {
        phase.set(1);
        vertx.eventBus().<JsonObject>request(Addresses.cameraProfile(NODE, "cam0"), new JsonObject().put("profile", "tiny"))
            .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
              CameraStatus status = status(reply);
              assertThat(status.profile()).isEqualTo("tiny");
              assertThat(status.width()).isEqualTo(80);
              assertThat(status.viewerCap()).isEqualTo(9);
              phase.set(2);
            })));
      } else if (phase.get() == 2 && captured && width == 80) {
        ctx.verify(() -> assertThat(TestJpegs.decode(frame.body().jpeg().getBytes()).getWidth()).isEqualTo(80));
        phase.set(3);
        ctx.completeNow();
      }
    });
    deploy(vertx, section(synthetic("cam0")))
        .compose(id -> demand(vertx, "cam0", 30_000))
        .onComplete(ctx.succeeding(reply -> { }));
  }

  @Test
  void refusesUnknownProfilesAndMalformedRequests(Vertx vertx, VertxTestContext ctx) {
    Checkpoint unknownProfile = ctx.checkpoint();
    Checkpoint missingProfile = ctx.checkpoint();
    Checkpoint badDemand = ctx.checkpoint();
    deploy(vertx, section(synthetic("cam0"))).onComplete(ctx.succeeding(id -> {
      vertx.eventBus().request(Addresses.cameraProfile(NODE, "cam0"), new JsonObject().put("profile", "ultra"))
          .onComplete(ctx.failing(e -> ctx.verify(() -> {
            assertThat(((ReplyException) e).failureCode()).isEqualTo(Failures.NOT_FOUND);
            assertThat(e.getMessage()).contains("'ultra'").contains("small, tiny");
            unknownProfile.flag();
          })));
      vertx.eventBus().request(Addresses.cameraProfile(NODE, "cam0"), new JsonObject())
          .onComplete(ctx.failing(e -> ctx.verify(() -> {
            assertThat(((ReplyException) e).failureCode()).isEqualTo(Failures.BAD_REQUEST);
            missingProfile.flag();
          })));
      vertx.eventBus().request(Addresses.cameraDemand(NODE, "cam0"), new JsonObject().put("consumer", "web"))
          .onComplete(ctx.failing(e -> ctx.verify(() -> {
            assertThat(((ReplyException) e).failureCode()).isEqualTo(Failures.BAD_REQUEST);
            assertThat(e.getMessage()).contains("leaseMs");
            badDemand.flag();
          })));
    }));
  }

  @Test
  void reportsMeasuredRateWhileStreamingAndAnswersARefresh(Vertx vertx, VertxTestContext ctx) {
    Checkpoint measured = ctx.checkpoint();
    Checkpoint refreshedBoth = ctx.checkpoint();
    boolean[] refreshed = {false};
    List<String> afterRefresh = new ArrayList<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.CAMERA_STATUS, msg -> {
      CameraStatus status = CameraStatus.fromJson(msg.body());
      if (!refreshed[0] && status.state() == CameraState.STREAMING && status.measuredFps() > 0) {
        ctx.verify(() -> {
          assertThat(status.measuredFps()).isBetween(1.0, 40.0);
          assertThat(status.bitrateBps()).isPositive();
        });
        refreshed[0] = true;
        measured.flag();
        vertx.eventBus().publish(Addresses.CAMERA_STATUS_REFRESH, new JsonObject());
      } else if (refreshed[0] && !afterRefresh.contains(status.camera())) {
        afterRefresh.add(status.camera());
        if (afterRefresh.containsAll(List.of("cam0", "cam1"))) {
          refreshedBoth.flag();
        }
      }
    });
    deploy(vertx, section(synthetic("cam0"), synthetic("cam1")))
        .compose(id -> demand(vertx, "cam0", 30_000))
        .onComplete(ctx.succeeding(reply -> { }));
  }

  @Test
  void anInvalidConfigFailsTheStartNamingTheSetting(Vertx vertx, VertxTestContext ctx) {
    deploy(vertx, section(synthetic("cam0"), new JsonObject().put("id", "cam1").put("source", "kinect")))
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertThat(e).isInstanceOf(ConfigException.class).hasMessageContaining("camera.cameras[1].source");
          ctx.completeNow();
        })));
  }
}
