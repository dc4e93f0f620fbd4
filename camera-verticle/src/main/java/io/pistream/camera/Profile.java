package io.pistream.camera;

import java.util.List;

/** A quality profile: what the source is asked for and how many viewers a serving node admits. */
record Profile(String name, int width, int height, int fps, int quality, int viewerCap) {

  static final String DEFAULT_NAME = "high";

  static List<Profile> defaults() {
    return List.of(
        new Profile("high", 1920, 1080, 24, 80, 5),
        new Profile("medium", 1280, 720, 24, 80, 12),
        new Profile("low", 854, 480, 15, 80, 40));
  }
}
