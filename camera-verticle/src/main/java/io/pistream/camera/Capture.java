package io.pistream.camera;

/**
 * One run of a frame source. {@link #start()} begins delivering to its {@link CaptureListener};
 * {@link #stop()} releases everything (kills the process, closes the connection) and silences it.
 */
interface Capture {

  void start();

  void stop();
}
