package io.pistream.web;

import io.pistream.contracts.ConfigReader;
import io.pistream.contracts.ConfigSections;
import io.vertx.core.json.JsonObject;

/**
 * The {@code http.stream} settings, validated at start so a wrong value names its full path.
 *
 * @param defaultCamera camera of this node served on {@code /video_feed}; empty: the first one reported
 * @param maxConnections stream viewers this node serves at most, all cameras together
 * @param uplinkMbps uplink budget of all stream viewers of this server in Mbit/s ({@link ViewerLadder}); 0: none
 * @param stallTimeoutSeconds a viewer whose write queue stays full this long is disconnected
 * @param retryAfterSeconds Retry-After sent with a 503 when a cap is reached
 * @param demandLeaseSeconds lease asked of a camera while someone watches; renewed every third of it
 * @param snapshotTimeoutSeconds how long a snapshot may take, camera start included
 * @param queueFrames frames a viewer may have queued before further frames are skipped for it
 */
record CameraStreamSettings(
    String defaultCamera,
    int maxConnections,
    double uplinkMbps,
    int stallTimeoutSeconds,
    int retryAfterSeconds,
    int demandLeaseSeconds,
    int snapshotTimeoutSeconds,
    int queueFrames) {

  static final String PATH = ConfigSections.HTTP + ".stream";

  static CameraStreamSettings from(JsonObject section) {
    ConfigReader config = new ConfigReader(section, PATH);
    return new CameraStreamSettings(
        config.string("defaultCamera", ""),
        (int) config.integer("maxConnections", 100, 1, 100_000),
        config.number("uplinkMbps", 300, 0, 100_000),
        (int) config.integer("stallTimeoutSeconds", 10, 1, 3600),
        (int) config.integer("retryAfterSeconds", 10, 1, 3600),
        (int) config.integer("demandLeaseSeconds", 10, 3, 300),
        (int) config.integer("snapshotTimeoutSeconds", 10, 1, 120),
        (int) config.integer("queueFrames", 2, 1, 8));
  }
}
