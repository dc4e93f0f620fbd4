package io.pistream.camera;

import java.util.List;

/**
 * One camera as configured under {@code camera.cameras[i]}, already validated.
 *
 * @param command the capture program for rpicam and v4l2 sources
 * @param device the video device of a v4l2 source
 * @param location the URL of a mjpeg-url source or the path of a file source
 * @param ladderFps the configured lower rates for viewers past the full-rate ones (see {@link FpsLadder})
 * @param history the history pictures it keeps
 */
record CameraSettings(
    String id,
    String name,
    SourceType source,
    List<Profile> profiles,
    String initialProfile,
    int rotation,
    boolean hflip,
    boolean vflip,
    String command,
    List<String> extraArgs,
    String device,
    String inputFormat,
    String location,
    List<Integer> ladderFps,
    HistorySettings history) {

  CameraSettings {
    profiles = List.copyOf(profiles);
    extraArgs = List.copyOf(extraArgs);
    ladderFps = List.copyOf(ladderFps);
  }

  Profile profile(String profileName) {
    return profiles.stream().filter(p -> p.name().equals(profileName)).findFirst().orElse(null);
  }

  List<String> profileNames() {
    return profiles.stream().map(Profile::name).toList();
  }

  /** True when the picture is turned upside down or mirrored left-right. */
  boolean mirroredHorizontally() {
    return hflip ^ rotation == 180;
  }

  boolean mirroredVertically() {
    return vflip ^ rotation == 180;
  }
}
