package io.pistream.camera;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The camera verticle's own synthetic loop, rendered for the minimal fan-out of the stream benchmark so
 * that both servers send the very same JPEGs. In the camera's package because the loop is not part of
 * the camera verticle's API.
 */
public final class BenchSyntheticLoop {

  /** The loop's JPEGs at a profile's size and quality, with no mirroring, as a synthetic camera renders them. */
  public static List<Buffer> render(int width, int height, int quality, int frames) {
    SyntheticLoop loop = SyntheticLoop.render(new SyntheticLoop.Key(width, height, quality, frames, false, false));
    List<Buffer> jpegs = new ArrayList<>(loop.size());
    for (int i = 0; i < loop.size(); i++) {
      jpegs.add(loop.frame(i).data());
    }
    return List.copyOf(jpegs);
  }

  private BenchSyntheticLoop() {
  }
}
