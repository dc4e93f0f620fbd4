package io.pistream.mqtt;

import io.pistream.contracts.CameraStatus;
import io.vertx.core.json.JsonObject;

/**
 * What this node last told the broker about one camera. Cameras publish their status every second while
 * streaming; only a change of what the status topic carries is published.
 */
final class PublishedCamera {

  private final String id;
  private String name;
  private JsonObject status = new JsonObject();
  private boolean snapshotRunning;
  private boolean snapshotFailing;

  PublishedCamera(String id) {
    this.id = id;
    this.name = id;
  }

  String id() {
    return id;
  }

  String name() {
    return name;
  }

  /** @return whether the name changed */
  boolean rename(String newName) {
    String effective = newName == null || newName.isBlank() ? id : newName;
    boolean changed = !effective.equals(name);
    name = effective;
    return changed;
  }

  /** @return whether the status topic's payload changed */
  boolean status(CameraStatus camera) {
    JsonObject next = new JsonObject()
        .put("state", camera.state().wire())
        .put("detail", camera.detail())
        .put("profile", camera.profile())
        .put("since", camera.since());
    boolean changed = !next.equals(status);
    status = next;
    return changed;
  }

  boolean hasStatus() {
    return !status.isEmpty();
  }

  JsonObject statusJson() {
    return status.copy();
  }

  /** @return false when a snapshot is already on its way: a slow camera gets no pile of requests */
  boolean startSnapshot() {
    if (snapshotRunning) {
      return false;
    }
    snapshotRunning = true;
    return true;
  }

  /** @return whether this ends a run of successes, so that only the first failure of a run is logged */
  boolean snapshotFailed() {
    snapshotRunning = false;
    boolean first = !snapshotFailing;
    snapshotFailing = true;
    return first;
  }

  /** @return whether this ends a run of failures */
  boolean snapshotSucceeded() {
    snapshotRunning = false;
    boolean recovered = snapshotFailing;
    snapshotFailing = false;
    return recovered;
  }
}
