package io.pistream.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.pistream.ops.OpsMeters;

/**
 * One camera's viewer meters on this web server, labelled by the camera's node and id (never by viewer):
 * viewers now, viewers refused, frames delivered and skipped. Read at scrape time on the web verticle's
 * event loop, the thread that owns the feed. Nothing is registered when the node runs without metrics.
 */
final class CameraMeters {

  private final Counter refused;

  private CameraMeters(Counter refused) {
    this.refused = refused;
  }

  static CameraMeters register(String node, String camera, CameraFeed feed) {
    MeterRegistry registry = OpsMeters.registry();
    if (registry == null) {
      return new CameraMeters(null);
    }
    Tags tags = Tags.of("node", node, "camera", camera);
    Gauge.builder("pistream.camera.viewers", feed, CameraFeed::watching).tags(tags)
        .description("viewers streaming the camera from this server, or waiting for its first frame").register(registry);
    FunctionCounter.builder("pistream.camera.frames.delivered", feed, CameraFeed::deliveredFrames).tags(tags)
        .description("frames written to viewers").register(registry);
    FunctionCounter.builder("pistream.camera.frames.skipped", feed, CameraFeed::skippedFrames).tags(tags)
        .description("frames a viewer skipped because its write queue was full").register(registry);
    return new CameraMeters(Counter.builder("pistream.camera.viewers.refused").tags(tags)
        .description("viewers refused by the viewer or bandwidth cap").register(registry));
  }

  void refusedViewer() {
    if (refused != null) {
      refused.increment();
    }
  }
}
