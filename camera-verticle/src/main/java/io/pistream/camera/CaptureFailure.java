package io.pistream.camera;

/**
 * Why a capture stopped delivering.
 *
 * @param reason human text shown in the status and on the status frame
 * @param noDevice the device or program is missing, as opposed to a capture that ran and broke
 */
record CaptureFailure(String reason, boolean noDevice) {

  static CaptureFailure broken(String reason) {
    return new CaptureFailure(reason, false);
  }

  static CaptureFailure noDevice(String what) {
    return new CaptureFailure("no capture device: " + what, true);
  }
}
