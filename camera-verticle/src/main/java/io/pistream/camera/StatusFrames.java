package io.pistream.camera;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Status pictures of one camera, each rendered once (off the event loop) per message and resolution,
 * and kept for the few most recent messages. Used on the camera's event loop only.
 */
final class StatusFrames {

  private static final int KEPT = 6;

  private record Key(int width, int height, int quality, String message) {
  }

  private final Vertx vertx;
  private final String title;
  private final Map<Key, Future<Buffer>> rendered = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Key, Future<Buffer>> eldest) {
      return size() > KEPT;
    }
  };

  StatusFrames(Vertx vertx, String title) {
    this.vertx = vertx;
    this.title = title;
  }

  /** Completes when no rendering is under way, so that none outlives the verticle. */
  Future<Void> settled() {
    return Future.join(List.copyOf(rendered.values())).<Void>mapEmpty().otherwiseEmpty();
  }

  Future<Buffer> get(Profile profile, String message) {
    Key key = new Key(profile.width(), profile.height(), profile.quality(), message);
    Future<Buffer> frame = rendered.get(key);
    if (frame == null || frame.failed()) {
      frame = vertx.executeBlocking(
          () -> Buffer.buffer(StatusPicture.render(key.width(), key.height(), key.quality(), title, message)), false);
      rendered.put(key, frame);
    }
    return frame;
  }
}
