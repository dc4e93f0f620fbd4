package io.pistream.camera;

import io.pistream.contracts.CameraDemand;
import io.pistream.contracts.Failures;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

/**
 * Turns the bodies of a camera's demand and profile requests into typed values. A bad one fails with
 * the {@link Failures} code and the words its requester gets back.
 */
final class CameraRequests {

  static Future<CameraDemand> demand(CameraSettings camera, Object body) {
    if (!(body instanceof JsonObject json)) {
      return refused(Failures.BAD_REQUEST, "a demand for camera " + camera.id() + " must be a JSON object {consumer, leaseMs}");
    }
    CameraDemand demand;
    try {
      demand = CameraDemand.fromJson(json);
    } catch (IllegalArgumentException e) {
      return refused(Failures.BAD_REQUEST, "bad demand for camera " + camera.id() + ": " + e.getMessage());
    }
    if (demand.leaseMs() < 0) {
      return refused(Failures.BAD_REQUEST, "bad demand for camera " + camera.id()
          + ": leaseMs must be positive, or 0 to release, got " + demand.leaseMs());
    }
    return Future.succeededFuture(demand);
  }

  static Future<Profile> profile(CameraSettings camera, Object body) {
    String name = body instanceof JsonObject json ? json.getString("profile") : null;
    if (name == null || name.isBlank()) {
      return refused(Failures.BAD_REQUEST, "a profile switch for camera " + camera.id() + " needs {\"profile\": name}, one of "
          + String.join(", ", camera.profileNames()));
    }
    Profile profile = camera.profile(name);
    if (profile == null) {
      return refused(Failures.NOT_FOUND, "camera " + camera.id() + " has no profile '" + name + "'; it has "
          + String.join(", ", camera.profileNames()));
    }
    return Future.succeededFuture(profile);
  }

  /** How a camera request fails: the code the web maps to an HTTP status, the text its requester reads. */
  static ReplyException failure(int failureCode, String text) {
    return new ReplyException(ReplyFailure.RECIPIENT_FAILURE, failureCode, text);
  }

  private static <T> Future<T> refused(int failureCode, String text) {
    return Future.failedFuture(failure(failureCode, text));
  }

  private CameraRequests() {
  }
}
