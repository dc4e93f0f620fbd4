package io.pistream.contracts;

import io.vertx.core.json.JsonObject;

/**
 * A camera's kept history pictures ({@code camera.cameras[].history}), as its status carries them.
 *
 * @param enabled whether the camera keeps history pictures at all
 * @param everyMinutes one picture every this many minutes
 * @param width width of the kept pictures in pixels
 * @param snapshots pictures kept now
 * @param bytes disk space they take
 * @param maxBytes the size bound; the oldest are deleted beyond it
 * @param oldestTs capture time of the oldest kept picture, epoch ms; 0 when none
 * @param newestTs capture time of the newest, epoch ms; 0 when none
 */
public record SnapshotHistoryStatus(boolean enabled, int everyMinutes, int width, long snapshots, long bytes, long maxBytes,
    long oldestTs, long newestTs) {

  public static final SnapshotHistoryStatus DISABLED = new SnapshotHistoryStatus(false, 0, 0, 0, 0, 0, 0, 0);

  public JsonObject toJson() {
    return new JsonObject().put("enabled", enabled).put("everyMinutes", everyMinutes).put("width", width)
        .put("snapshots", snapshots).put("bytes", bytes).put("maxBytes", maxBytes).put("oldestTs", oldestTs).put("newestTs", newestTs);
  }

  public static SnapshotHistoryStatus fromJson(JsonObject json) {
    if (json == null) {
      return DISABLED;
    }
    return new SnapshotHistoryStatus(json.getBoolean("enabled", false), json.getInteger("everyMinutes", 0), json.getInteger("width", 0),
        json.getLong("snapshots", 0L), json.getLong("bytes", 0L), json.getLong("maxBytes", 0L), json.getLong("oldestTs", 0L),
        json.getLong("newestTs", 0L));
  }
}
