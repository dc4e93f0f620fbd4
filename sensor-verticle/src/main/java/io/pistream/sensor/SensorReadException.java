package io.pistream.sensor;

import java.io.IOException;

/** A read that produced no measurement. The reason is the short tag that log summaries count. */
final class SensorReadException extends IOException {

  static final String EIO = "EIO";
  static final String ETIMEDOUT = "ETIMEDOUT";
  static final String MISSING = "missing";
  static final String GARBAGE = "garbage";
  static final String NO_DEVICE = "no device";
  static final String PERMISSION = "permission";
  static final String IO = "io";
  /** The read did not return within the sensor's readTimeoutSeconds and was abandoned. */
  static final String HUNG = "hung";

  private final String reason;

  SensorReadException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  SensorReadException(String reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  String reason() {
    return reason;
  }

  /** The tag to count a failed read under, whatever the driver threw. */
  static String reasonOf(Throwable failure) {
    if (failure instanceof SensorReadException read) {
      return read.reason;
    }
    return failure instanceof IOException ? IO : failure.getClass().getSimpleName();
  }
}
