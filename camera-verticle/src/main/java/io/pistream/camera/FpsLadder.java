package io.pistream.camera;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The rates a camera's viewers may be stepped down to ({@code camera.cameras[].ladderFps}). The full rate
 * always heads the ladder; configured steps at or above it collapse into it, so a list holding only the
 * profile's rate (or higher) means no ladder: today's all-or-nothing admission.
 */
final class FpsLadder {

  static final List<Integer> DEFAULT_STEPS = List.of(24, 12, 6, 1);

  private FpsLadder() {
  }

  /** The ladder for a profile of {@code fullFps}, highest first. */
  static List<Integer> steps(List<Integer> configured, int fullFps) {
    TreeSet<Integer> lower = new TreeSet<>();
    for (int step : configured) {
      if (step < fullFps) {
        lower.add(step);
      }
    }
    List<Integer> ladder = new ArrayList<>(lower.size() + 1);
    ladder.add(fullFps);
    ladder.addAll(lower.descendingSet());
    return List.copyOf(ladder);
  }
}
