package io.pistream.contracts;

import io.vertx.core.json.JsonObject;

/**
 * A camera's change score ({@code camera.cameras[].changes}), as its status carries it.
 *
 * @param enabled whether the camera scores changes between consecutive downscaled frames
 * @param threshold a score above it is a change event
 * @param lastScore the latest score, 0-100
 * @param lastEventTs when the latest change event happened, epoch ms; 0 when none since start
 */
public record ChangeDetectionStatus(boolean enabled, double threshold, double lastScore, long lastEventTs) {

  public static final ChangeDetectionStatus DISABLED = new ChangeDetectionStatus(false, 0, 0, 0);

  public JsonObject toJson() {
    return new JsonObject().put("enabled", enabled).put("threshold", threshold).put("lastScore", lastScore).put("lastEventTs", lastEventTs);
  }

  public static ChangeDetectionStatus fromJson(JsonObject json) {
    if (json == null) {
      return DISABLED;
    }
    return new ChangeDetectionStatus(json.getBoolean("enabled", false), json.getDouble("threshold", 0.0),
        json.getDouble("lastScore", 0.0), json.getLong("lastEventTs", 0L));
  }
}
