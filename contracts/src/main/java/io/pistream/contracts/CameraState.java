package io.pistream.contracts;

import java.util.Locale;

/** What a camera is doing. */
public enum CameraState {
  /** Nobody watches; nothing is captured. */
  IDLE,
  /** Capture was asked for; no frame yet. */
  STARTING,
  /** Frames are flowing. */
  STREAMING,
  /** Capture cannot deliver (device missing, process crashing); it is being retried. */
  FAILED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static CameraState fromWire(String value) {
    return valueOf(Messages.requireText(value, "state").toUpperCase(Locale.ROOT));
  }
}
