package io.pistream.camera;

import io.vertx.core.Future;

/**
 * One run of a frame source. {@link #start()} begins delivering to its {@link CaptureListener};
 * {@link #stop()} releases everything (kills the process, closes the connection) and silences it; its
 * future completes once nothing of the run is left working (no reader thread, no process).
 */
interface Capture {

  void start();

  Future<Void> stop();
}
