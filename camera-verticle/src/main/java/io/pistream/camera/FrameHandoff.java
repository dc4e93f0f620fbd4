package io.pistream.camera;

import io.vertx.core.Context;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Moves frames cut on a capture thread onto the camera's event loop. When the loop lags behind, new
 * frames are dropped instead of queued, so a slow consumer cannot make memory grow.
 */
final class FrameHandoff {

  private static final int MAX_IN_FLIGHT = 3;

  private final Context context;
  private final CaptureListener listener;
  private final AtomicInteger inFlight = new AtomicInteger();

  FrameHandoff(Context context, CaptureListener listener) {
    this.context = context;
    this.listener = listener;
  }

  void offer(JpegFrame frame) {
    if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
      inFlight.decrementAndGet();
      return;
    }
    context.runOnContext(v -> {
      inFlight.decrementAndGet();
      listener.frame(frame);
    });
  }
}
