package io.pistream.camera;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rendered synthetic loops, shared by cameras that need the same one and kept while some camera has
 * that profile selected, so an idle camera that is watched again does not render again. Used on the
 * verticle's event loop only.
 */
final class SyntheticLoops {

  private static final Logger log = LoggerFactory.getLogger(SyntheticLoops.class);

  private final Vertx vertx;
  private final Map<SyntheticLoop.Key, Future<SyntheticLoop>> loops = new HashMap<>();

  SyntheticLoops(Vertx vertx) {
    this.vertx = vertx;
  }

  Future<SyntheticLoop> get(SyntheticLoop.Key key) {
    Future<SyntheticLoop> loop = loops.get(key);
    if (loop == null || loop.failed()) {
      loop = vertx.executeBlocking(() -> {
        long begin = System.nanoTime();
        SyntheticLoop rendered = SyntheticLoop.render(key);
        log.info("rendered {} synthetic {}x{} frames in {} ms", rendered.size(), key.width(), key.height(),
            (System.nanoTime() - begin) / 1_000_000);
        return rendered;
      }, false);
      loops.put(key, loop);
    }
    return loop;
  }

  /** Completes when no rendering is under way, so that none outlives the verticle. */
  Future<Void> settled() {
    return Future.join(List.copyOf(loops.values())).<Void>mapEmpty().otherwiseEmpty();
  }

  /** Forgets the loops no camera has selected any more. */
  void retainOnly(Set<SyntheticLoop.Key> inUse) {
    loops.keySet().retainAll(inUse);
  }
}
