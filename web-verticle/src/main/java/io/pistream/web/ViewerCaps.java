package io.pistream.web;

import java.util.Optional;

/**
 * How many viewers one camera admits on this node, and whether one more may join. Pure arithmetic so
 * the rules read in one place.
 */
final class ViewerCaps {

  private final int maxConnections;
  private final double uplinkMbps;

  ViewerCaps(int maxConnections, double uplinkMbps) {
    this.maxConnections = maxConnections;
    this.uplinkMbps = uplinkMbps;
  }

  /**
   * With an uplink budget and a measured bitrate, the budget decides, so a lower quality admits more
   * viewers; otherwise the active profile's cap (none when it is 0). Never above the connection cap,
   * and at least one viewer, so a camera whose stream alone exceeds the budget can still be watched.
   */
  int cameraCap(int profileCap, long bitrateBps) {
    long cap;
    if (uplinkMbps > 0 && bitrateBps > 0) {
      cap = Math.max(1, (long) Math.floor(uplinkMbps * 1_000_000 / bitrateBps));
    } else {
      cap = profileCap > 0 ? profileCap : maxConnections;
    }
    return (int) Math.min(cap, maxConnections);
  }

  /** Why one more viewer may not join, or empty when it may. */
  Optional<ViewerRefusal> admit(String camera, int cameraViewers, int cameraCap, int connections) {
    if (connections >= maxConnections) {
      return Optional.of(new ViewerRefusal("server_full",
          "this server streams to at most " + maxConnections + " viewers and all are taken",
          connections, maxConnections));
    }
    if (cameraViewers >= cameraCap) {
      return Optional.of(new ViewerRefusal("camera_full",
          "camera " + camera + " admits " + cameraCap + " viewers at its current quality and all are taken",
          cameraViewers, cameraCap));
    }
    return Optional.empty();
  }

  int maxConnections() {
    return maxConnections;
  }
}
