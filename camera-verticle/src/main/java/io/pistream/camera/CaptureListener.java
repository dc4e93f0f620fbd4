package io.pistream.camera;

/** What a running capture reports; always called on the camera's event-loop context. */
interface CaptureListener {

  /** The source is ready (process spawned, loop rendered, stream connected): frames should follow. */
  void started();

  void frame(JpegFrame frame);

  /** The source cannot go on; the camera decides whether and when to try again. */
  void failed(CaptureFailure failure);
}
