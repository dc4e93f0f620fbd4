package io.pistream.web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which rate each stream viewer of this server gets, and whether one more may join. The first
 * {@code viewerCap} viewers of a camera (in the order they joined) get its full rate; past them, a viewer
 * gets the highest lower step of the camera's ladder that the uplink budget still allows, each viewer
 * costing its rate times the camera's current frame size; then the camera is full. Lower steps are a
 * subset of the same frames, so a step costs the server nothing but bandwidth. Pure arithmetic.
 */
final class ViewerLadder {

  /** Headroom a viewer's step needs before it moves up, so a frame size at the line does not flap it. */
  static final double UPGRADE_MARGIN = 1.1;

  private final int maxConnections;
  private final double budgetBps;

  /**
   * @param maxConnections viewers of this server at most, all cameras together
   * @param uplinkMbps the budget of all viewers together; 0: none, and no viewer past the full-rate ones
   */
  ViewerLadder(int maxConnections, double uplinkMbps) {
    this.maxConnections = maxConnections;
    this.budgetBps = uplinkMbps * 1_000_000;
  }

  /**
   * One camera as the ladder sees it.
   *
   * @param camera node/id, for messages
   * @param steps the rates, highest (the full rate) first; one step: no ladder
   * @param fullRateSlots how many viewers get the full rate (the profile's viewerCap)
   * @param frameBytes the size of its frames now
   */
  record CameraTerms(String camera, List<Integer> steps, int fullRateSlots, long frameBytes) {

    CameraTerms {
      steps = List.copyOf(steps);
    }

    int fullFps() {
      return steps.get(0);
    }

    boolean hasLadder() {
      return steps.size() > 1;
    }
  }

  /**
   * One viewer, in the order viewers joined.
   *
   * @param stepFps the step it has now
   * @param requestedFps the rate it asked for with {@code ?fps=}, 0 for none; it never costs more than that
   */
  record Seat(CameraTerms camera, int stepFps, int requestedFps) {

    long costBps() {
      return cost(camera, stepFps, requestedFps);
    }
  }

  /** A newcomer's step, or why it is turned away. */
  record Admission(int stepFps, ViewerRefusal refusal) {

    boolean admitted() {
      return refusal == null;
    }
  }

  double budgetBps() {
    return budgetBps;
  }

  int maxConnections() {
    return maxConnections;
  }

  /** The step a new viewer of {@code camera} gets while {@code seats} keep theirs. */
  Admission admit(List<Seat> seats, CameraTerms camera, int requestedFps) {
    if (seats.size() >= maxConnections) {
      return refused("server_full", "this server streams to at most " + maxConnections + " viewers and all are taken",
          seats.size(), maxConnections);
    }
    int cameraSeats = 0;
    long spent = 0;
    for (Seat seat : seats) {
      spent += seat.costBps();
      if (seat.camera().camera().equals(camera.camera())) {
        cameraSeats++;
      }
    }
    boolean fullRateFree = cameraSeats < camera.fullRateSlots();
    if (!fullRateFree && (!camera.hasLadder() || budgetBps <= 0)) {
      return refused("camera_full", "camera " + camera.camera() + " admits " + camera.fullRateSlots()
          + " viewers at its current quality and all are taken", cameraSeats, camera.fullRateSlots());
    }
    List<Integer> candidates = fullRateFree ? camera.steps() : camera.steps().subList(1, camera.steps().size());
    if (budgetBps <= 0) {
      return new Admission(candidates.get(0), null);
    }
    double remaining = budgetBps - spent;
    for (int step : candidates) {
      if (cost(camera, step, requestedFps) <= remaining) {
        return new Admission(step, null);
      }
    }
    if (cameraSeats == 0) {
      // Whatever the budget, a camera nobody watches can be watched, at the least it can cost.
      return new Admission(candidates.get(candidates.size() - 1), null);
    }
    String detail = camera.hasLadder()
        ? "camera " + camera.camera() + ": the uplink budget of " + mbps(budgetBps) + " Mbit/s is taken by " + seats.size()
            + " viewers, even at " + candidates.get(candidates.size() - 1) + " fps"
        : "camera " + camera.camera() + ": the uplink budget of " + mbps(budgetBps) + " Mbit/s admits " + cameraSeats
            + " viewers at its current quality and all are taken";
    return refused(camera.hasLadder() ? "uplink_full" : "camera_full", detail, cameraSeats, cameraSeats);
  }

  /**
   * The step every seat gets now, in seat order: the first {@code fullRateSlots} of each camera the full
   * rate, the others the highest step the budget leaves them, earlier viewers first. A viewer moves up
   * only with {@link #UPGRADE_MARGIN} to spare and never below its camera's lowest step, so nobody is
   * disconnected by a change of plan.
   */
  int[] plan(List<Seat> seats) {
    int[] steps = new int[seats.size()];
    Map<String, Integer> positions = new HashMap<>();
    double remaining = budgetBps;
    for (int i = 0; i < seats.size(); i++) {
      Seat seat = seats.get(i);
      CameraTerms camera = seat.camera();
      int position = positions.merge(camera.camera(), 1, Integer::sum) - 1;
      List<Integer> candidates = position < camera.fullRateSlots() || !camera.hasLadder()
          ? camera.steps()
          : camera.steps().subList(1, camera.steps().size());
      int chosen = candidates.get(candidates.size() - 1);
      if (budgetBps <= 0) {
        chosen = candidates.get(0);
      } else {
        for (int step : candidates) {
          double margin = step > seat.stepFps() ? UPGRADE_MARGIN : 1.0;
          if (cost(camera, step, seat.requestedFps()) * margin <= remaining) {
            chosen = step;
            break;
          }
        }
        remaining -= cost(camera, chosen, seat.requestedFps());
      }
      steps[i] = chosen;
    }
    return steps;
  }

  /** How many viewers the camera would have at most if more came now: those it has plus the ones that fit. */
  int capacity(List<Seat> seats, CameraTerms camera) {
    List<Seat> simulated = new ArrayList<>(seats);
    int cameraSeats = (int) seats.stream().filter(seat -> seat.camera().camera().equals(camera.camera())).count();
    while (simulated.size() < maxConnections) {
      Admission next = admit(simulated, camera, 0);
      if (!next.admitted()) {
        break;
      }
      simulated.add(new Seat(camera, next.stepFps(), 0));
      cameraSeats++;
    }
    return cameraSeats;
  }

  private static long cost(CameraTerms camera, int stepFps, int requestedFps) {
    int fps = requestedFps > 0 ? Math.min(stepFps, requestedFps) : stepFps;
    return fps * camera.frameBytes() * 8;
  }

  private static String mbps(double bps) {
    double mbps = bps / 1_000_000;
    return mbps == Math.rint(mbps) ? Long.toString((long) mbps) : String.format(Locale.ROOT, "%.1f", mbps);
  }

  private static Admission refused(String error, String detail, int watching, int cap) {
    return new Admission(0, new ViewerRefusal(error, detail, watching, cap));
  }
}
