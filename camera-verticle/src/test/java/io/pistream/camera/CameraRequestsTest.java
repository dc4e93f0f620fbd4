package io.pistream.camera;

import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.CameraDemand;
import io.pistream.contracts.Failures;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class CameraRequestsTest {

  private static final CameraSettings CAMERA = CameraTests.syntheticSettings("cam0");

  @Test
  void aDemandBecomesAConsumerAndItsLease() {
    Future<CameraDemand> demand = CameraRequests.demand(CAMERA, new CameraDemand("web-a", 30_000).toJson());

    assertThat(demand.result()).isEqualTo(new CameraDemand("web-a", 30_000));
  }

  @Test
  void aReleaseIsADemandWithLeaseZero() {
    assertThat(CameraRequests.demand(CAMERA, new CameraDemand("web-a", 0).toJson()).result().leaseMs()).isZero();
  }

  @Test
  void badDemandsAreRefusedAsBadRequestsNamingTheCamera() {
    assertRefused(CameraRequests.demand(CAMERA, "web-a"), Failures.BAD_REQUEST,
        "a demand for camera cam0 must be a JSON object {consumer, leaseMs}");
    assertRefused(CameraRequests.demand(CAMERA, new JsonObject().put("leaseMs", 1)), Failures.BAD_REQUEST,
        "bad demand for camera cam0: consumer is missing");
    assertRefused(CameraRequests.demand(CAMERA, new JsonObject().put("consumer", "web")), Failures.BAD_REQUEST,
        "bad demand for camera cam0: leaseMs must be a number");
    assertRefused(CameraRequests.demand(CAMERA, new CameraDemand("web-a", -1).toJson()), Failures.BAD_REQUEST,
        "bad demand for camera cam0: leaseMs must be positive, or 0 to release, got -1");
  }

  @Test
  void aProfileSwitchNamesOneOfTheCamerasProfiles() {
    assertThat(CameraRequests.profile(CAMERA, new JsonObject().put("profile", "tiny")).result()).isEqualTo(CAMERA.profile("tiny"));
  }

  @Test
  void aProfileSwitchWithoutANameIsABadRequestAndAnUnknownNameIsNotFound() {
    assertRefused(CameraRequests.profile(CAMERA, new JsonObject()), Failures.BAD_REQUEST,
        "a profile switch for camera cam0 needs {\"profile\": name}, one of small, tiny");
    assertRefused(CameraRequests.profile(CAMERA, "tiny"), Failures.BAD_REQUEST,
        "a profile switch for camera cam0 needs {\"profile\": name}, one of small, tiny");
    assertRefused(CameraRequests.profile(CAMERA, new JsonObject().put("profile", "ultra")), Failures.NOT_FOUND,
        "camera cam0 has no profile 'ultra'; it has small, tiny");
  }

  private static void assertRefused(Future<?> request, int failureCode, String text) {
    assertThat(request.failed()).as("refused: %s", text).isTrue();
    assertThat(request.cause()).isInstanceOfSatisfying(ReplyException.class, refused -> {
      assertThat(refused.failureCode()).isEqualTo(failureCode);
      assertThat(refused.getMessage()).isEqualTo(text);
    });
  }
}
