package io.pistream.contracts;

/**
 * Headers of a frame message on {@link Addresses#cameraFrames}; the body is the JPEG itself, published
 * once per frame whatever the number of viewers.
 */
public final class FrameHeaders {

  /** Frame sequence number since the camera started, as a decimal string. */
  public static final String SEQ = "seq";

  /** Capture time, epoch ms, decimal string. */
  public static final String TS = "ts";

  /** JPEG width in pixels, decimal string. */
  public static final String WIDTH = "width";

  /** JPEG height in pixels, decimal string. */
  public static final String HEIGHT = "height";

  /**
   * Present ("true") when the frame is a generated status picture ("camera restarting") rather than
   * a captured one.
   */
  public static final String STATUS_FRAME = "statusFrame";

  private FrameHeaders() {
  }
}
