package io.pistream.contracts;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A camera's state, as published on {@link Addresses#CAMERA_STATUS} and as the reply to a demand or a
 * profile switch.
 *
 * @param node the node the camera is attached to
 * @param camera the camera id, unique on its node
 * @param name display name
 * @param state current state
 * @param detail why it is failed or starting; empty when streaming or idle
 * @param profile the active quality profile's name
 * @param profiles every profile's name, in config order
 * @param width frame width of the active profile
 * @param height frame height of the active profile
 * @param fps frame rate asked of the source
 * @param viewerCap how many viewers the active profile admits per serving node
 * @param measuredFps frames per second actually delivered over the last second or so
 * @param bitrateBps bits per second of JPEG data over the last second or so
 * @param since when the current state began, epoch ms
 * @param ladderFps the rates viewers past the full-rate ones may get, highest first; the first is
 *     {@code fps} (the full rate), a list of only that turns the ladder off
 * @param privacy whether the camera is switched off for privacy
 * @param history the history pictures it keeps
 * @param changes its change score
 */
public record CameraStatus(
    String node,
    String camera,
    String name,
    CameraState state,
    String detail,
    String profile,
    List<String> profiles,
    int width,
    int height,
    int fps,
    int viewerCap,
    double measuredFps,
    long bitrateBps,
    long since,
    List<Integer> ladderFps,
    CameraPrivacy privacy,
    SnapshotHistoryStatus history,
    ChangeDetectionStatus changes) {

  public CameraStatus {
    profiles = List.copyOf(profiles);
    ladderFps = ladderFps == null || ladderFps.isEmpty() ? List.of(fps) : List.copyOf(ladderFps);
    privacy = privacy == null ? CameraPrivacy.OFF : privacy;
    history = history == null ? SnapshotHistoryStatus.DISABLED : history;
    changes = changes == null ? ChangeDetectionStatus.DISABLED : changes;
  }

  /** A camera without a ladder, privacy switch, history or change score. */
  public CameraStatus(String node, String camera, String name, CameraState state, String detail, String profile,
      List<String> profiles, int width, int height, int fps, int viewerCap, double measuredFps, long bitrateBps, long since) {
    this(node, camera, name, state, detail, profile, profiles, width, height, fps, viewerCap, measuredFps, bitrateBps, since,
        List.of(fps), CameraPrivacy.OFF, SnapshotHistoryStatus.DISABLED, ChangeDetectionStatus.DISABLED);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("node", node)
        .put("camera", camera)
        .put("name", name)
        .put("state", state.wire())
        .put("detail", detail)
        .put("profile", profile)
        .put("profiles", new JsonArray(profiles))
        .put("width", width)
        .put("height", height)
        .put("fps", fps)
        .put("viewerCap", viewerCap)
        .put("measuredFps", measuredFps)
        .put("bitrateBps", bitrateBps)
        .put("since", since)
        .put("ladderFps", new JsonArray(List.copyOf(ladderFps)))
        .put("privacy", privacy.toJson())
        .put("history", history.toJson())
        .put("changes", changes.toJson());
  }

  public static CameraStatus fromJson(JsonObject json) {
    return new CameraStatus(
        Messages.requireText(json.getString("node"), "node"),
        Messages.requireText(json.getString("camera"), "camera"),
        json.getString("name", ""),
        CameraState.fromWire(json.getString("state")),
        json.getString("detail", ""),
        json.getString("profile", ""),
        json.getJsonArray("profiles", new JsonArray()).stream().map(String::valueOf).toList(),
        json.getInteger("width", 0),
        json.getInteger("height", 0),
        json.getInteger("fps", 0),
        json.getInteger("viewerCap", 0),
        json.getDouble("measuredFps", 0.0),
        json.getLong("bitrateBps", 0L),
        json.getLong("since", 0L),
        json.getJsonArray("ladderFps", new JsonArray()).stream().map(step -> ((Number) step).intValue()).toList(),
        CameraPrivacy.fromJson(json.getJsonObject("privacy")),
        SnapshotHistoryStatus.fromJson(json.getJsonObject("history")),
        ChangeDetectionStatus.fromJson(json.getJsonObject("changes")));
  }
}
