package io.pistream.contracts;

import io.vertx.core.json.JsonObject;

/**
 * Whether a camera is switched off for privacy: no stream, no snapshots, no history pictures.
 *
 * @param on switched off now
 * @param by who switched it off: {@code admin} (from the dashboard or API), {@code schedule} (config), or empty
 * @param detail the words viewers are shown, e.g. "switched off by an admin" or "off 22:00-07:00 by schedule"
 * @param until when the schedule switches it on again, epoch ms; 0 when no end is known
 */
public record CameraPrivacy(boolean on, String by, String detail, long until) {

  public static final CameraPrivacy OFF = new CameraPrivacy(false, "", "", 0);

  public JsonObject toJson() {
    return new JsonObject().put("on", on).put("by", by).put("detail", detail).put("until", until);
  }

  public static CameraPrivacy fromJson(JsonObject json) {
    if (json == null) {
      return OFF;
    }
    return new CameraPrivacy(json.getBoolean("on", false), json.getString("by", ""), json.getString("detail", ""),
        json.getLong("until", 0L));
  }
}
