package io.pistream.contracts;

import io.vertx.core.json.JsonObject;

/**
 * A change event of one camera, published on {@link Addresses#CAMERA_CHANGES} when the change score
 * between consecutive downscaled frames rises above the camera's threshold.
 *
 * @param node the camera's node
 * @param camera the camera id
 * @param ts when the changed frame was captured, epoch ms
 * @param score how much changed, 0-100
 */
public record CameraChange(String node, String camera, long ts, double score) {

  public JsonObject toJson() {
    return new JsonObject().put("node", node).put("camera", camera).put("ts", ts).put("score", score);
  }

  public static CameraChange fromJson(JsonObject json) {
    return new CameraChange(Messages.requireText(json.getString("node"), "node"), Messages.requireText(json.getString("camera"), "camera"),
        json.getLong("ts", 0L), json.getDouble("score", 0.0));
  }
}
