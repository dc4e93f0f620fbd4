package io.pistream.camera;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpClient;
import java.nio.file.Path;

/** Creates the capture run that fits a camera's source. */
final class Captures {

  private final Vertx vertx;
  private final Context context;
  private final WorkerExecutor workers;
  private final HttpClient http;
  private final SyntheticLoops loops;
  private final CameraConfig config;

  Captures(Vertx vertx, Context context, WorkerExecutor workers, HttpClient http, SyntheticLoops loops, CameraConfig config) {
    this.vertx = vertx;
    this.context = context;
    this.workers = workers;
    this.http = http;
    this.loops = loops;
    this.config = config;
  }

  Capture create(CameraSettings camera, Profile profile, CaptureListener listener) {
    int maxFrameBytes = config.maxFrameBytes();
    return switch (camera.source()) {
      case SYNTHETIC -> new SyntheticCapture(vertx, loops, syntheticKey(camera, profile), profile.fps(), listener);
      case RPICAM -> new ProcessCapture(vertx, context, workers, camera.id(), CaptureCommands.rpicam(camera, profile), maxFrameBytes, listener);
      case V4L2 -> new ProcessCapture(vertx, context, workers, camera.id(), CaptureCommands.v4l2(camera, profile), maxFrameBytes, listener);
      case FILE -> new FileCapture(context, workers, Path.of(camera.location()), profile.fps(), maxFrameBytes, listener);
      case MJPEG_URL -> new MjpegUrlCapture(http, camera.location(), maxFrameBytes, listener);
    };
  }

  /** The loop a synthetic camera needs for a profile; null for other sources. */
  SyntheticLoop.Key syntheticKey(CameraSettings camera, Profile profile) {
    if (camera.source() != SourceType.SYNTHETIC) {
      return null;
    }
    return new SyntheticLoop.Key(profile.width(), profile.height(), profile.quality(), config.syntheticLoopFrames(),
        camera.mirroredHorizontally(), camera.mirroredVertically());
  }
}
