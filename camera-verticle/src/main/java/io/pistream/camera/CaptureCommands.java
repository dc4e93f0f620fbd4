package io.pistream.camera;

import java.util.ArrayList;
import java.util.List;

/** Argument lists of the capture programs; always a list for ProcessBuilder, never a shell string. */
final class CaptureCommands {

  /** rpicam-vid (or libcamera-vid, same options) writing an endless MJPEG stream to stdout. */
  static List<String> rpicam(CameraSettings camera, Profile profile) {
    List<String> args = new ArrayList<>(List.of(
        camera.command(), "-t", "0", "-n", "--codec", "mjpeg",
        "--width", Integer.toString(profile.width()),
        "--height", Integer.toString(profile.height()),
        "--framerate", Integer.toString(profile.fps()),
        "-q", Integer.toString(profile.quality()),
        "--flush"));
    if (camera.rotation() != 0) {
      args.addAll(List.of("--rotation", Integer.toString(camera.rotation())));
    }
    if (camera.hflip()) {
      args.add("--hflip");
    }
    if (camera.vflip()) {
      args.add("--vflip");
    }
    args.addAll(camera.extraArgs());
    args.addAll(List.of("-o", "-"));
    return args;
  }

  /**
   * ffmpeg reading a V4L2 device. A webcam that speaks MJPEG is copied through untouched; flips or a raw
   * input format need re-encoding, at the profile's quality.
   */
  static List<String> v4l2(CameraSettings camera, Profile profile) {
    List<String> args = new ArrayList<>(List.of(
        camera.command(), "-hide_banner", "-nostats", "-loglevel", "warning",
        "-f", "v4l2",
        "-input_format", camera.inputFormat(),
        "-video_size", profile.width() + "x" + profile.height(),
        "-framerate", Integer.toString(profile.fps()),
        "-i", camera.device()));
    List<String> filters = new ArrayList<>();
    if (camera.mirroredHorizontally()) {
      filters.add("hflip");
    }
    if (camera.mirroredVertically()) {
      filters.add("vflip");
    }
    if (filters.isEmpty() && camera.inputFormat().equals("mjpeg")) {
      args.addAll(List.of("-c:v", "copy"));
    } else {
      if (!filters.isEmpty()) {
        args.addAll(List.of("-vf", String.join(",", filters)));
      }
      args.addAll(List.of("-c:v", "mjpeg", "-q:v", Integer.toString(ffmpegQscale(profile.quality()))));
    }
    args.addAll(camera.extraArgs());
    args.addAll(List.of("-f", "mjpeg", "-"));
    return args;
  }

  /** Maps JPEG quality 1-100 onto ffmpeg's qscale 31 (worst) to 2 (best). */
  static int ffmpegQscale(int quality) {
    return 2 + Math.round((100 - quality) * 29 / 99f);
  }

  private CaptureCommands() {
  }
}
