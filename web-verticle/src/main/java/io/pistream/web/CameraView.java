package io.pistream.web;

import io.pistream.contracts.CameraStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * One camera as {@code /api/cameras} and the profile switch show it: the camera's own status, field for
 * field as the {@code camera.status} message carries it (so the dashboard reads both alike), plus what
 * this node's viewers make of it.
 *
 * @param status the camera's status as last reported
 * @param nodeOffline the camera's node stopped beating: shown as state {@code offline}
 * @param viewers viewers of this node watching or about to
 * @param cap viewers this node would admit for the camera now at most, on every step of its ladder
 * @param skippedFrames frames skipped for full queues since this server started
 * @param stallDisconnects viewers disconnected for reading nothing, since this server started
 * @param clients one entry per viewer
 * @param ladder {@code [{fps, viewers}]}: the camera's steps, highest first, and how many are on each
 */
record CameraView(CameraStatus status, boolean nodeOffline, int viewers, int cap, long skippedFrames, long stallDisconnects,
    JsonArray clients, JsonArray ladder) {

  static final String OFFLINE = "offline";

  JsonObject toJson() {
    JsonObject json = status.toJson();
    if (nodeOffline) {
      json.put("state", OFFLINE).put("detail", "node " + status.node() + " is not heard from");
    }
    return json
        .put("viewers", viewers)
        .put("cap", cap)
        .put("skippedFrames", skippedFrames)
        .put("stallDisconnects", stallDisconnects)
        .put("clients", clients)
        .put("ladder", ladder);
  }
}
