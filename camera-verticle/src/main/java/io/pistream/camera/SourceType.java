package io.pistream.camera;

import java.util.Arrays;
import java.util.List;

/** Where a camera's frames come from; {@link #wire()} is the name used in the config. */
enum SourceType {
  SYNTHETIC("synthetic"),
  RPICAM("rpicam"),
  V4L2("v4l2"),
  MJPEG_URL("mjpeg-url"),
  FILE("file");

  private final String wire;

  SourceType(String wire) {
    this.wire = wire;
  }

  String wire() {
    return wire;
  }

  /** Rotation and flips are done by the capture tool or the renderer; the others pass frames through. */
  boolean canTransform() {
    return this == SYNTHETIC || this == RPICAM || this == V4L2;
  }

  static List<String> wireNames() {
    return Arrays.stream(values()).map(SourceType::wire).toList();
  }

  static SourceType fromWire(String wire) {
    return Arrays.stream(values()).filter(s -> s.wire.equals(wire)).findFirst().orElseThrow();
  }
}
