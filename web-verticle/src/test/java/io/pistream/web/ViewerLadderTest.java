package io.pistream.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.web.ViewerLadder.Admission;
import io.pistream.web.ViewerLadder.CameraTerms;
import io.pistream.web.ViewerLadder.Seat;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ViewerLadderTest {

  /** 1080p24 at 200 kB a frame: 38.4 Mbit/s at full rate, 19.2 at 12 fps, 9.6 at 6, 1.6 at 1. */
  private static final CameraTerms HD = new CameraTerms("n/cam0", List.of(24, 12, 6, 1), 5, 200_000);
  private static final CameraTerms HD_NO_LADDER = new CameraTerms("n/cam0", List.of(24), 5, 200_000);

  /** Admits viewers one after the other, as the server does, until the ladder refuses one. */
  private static List<Seat> fill(ViewerLadder ladder, CameraTerms camera, int at) {
    List<Seat> seats = new ArrayList<>();
    for (int i = 0; i < at; i++) {
      Admission next = ladder.admit(seats, camera, 0);
      if (!next.admitted()) {
        break;
      }
      seats.add(new Seat(camera, next.stepFps(), 0));
    }
    return seats;
  }

  private static List<Integer> steps(List<Seat> seats) {
    return seats.stream().map(Seat::stepFps).toList();
  }

  @Test
  void theFirstViewerCapViewersGetTheFullRateAndLaterOnesTheHighestStepTheBudgetAllows() {
    ViewerLadder ladder = new ViewerLadder(100, 300);

    List<Seat> seats = fill(ladder, HD, 1000);

    // 5 x 38.4 = 192 Mbit/s; 108 left: 5 at 12 fps (96), 1 at 6 (9.6), 1 at 1 (1.6), then 0.8 left
    assertThat(steps(seats)).containsExactly(24, 24, 24, 24, 24, 12, 12, 12, 12, 12, 6, 1);
    Admission next = ladder.admit(seats, HD, 0);
    assertThat(next.admitted()).isFalse();
    assertThat(next.refusal().error()).isEqualTo("uplink_full");
    assertThat(next.refusal().detail()).contains("n/cam0", "300 Mbit/s", "12 viewers", "1 fps");
  }

  @Test
  void aSingleStepLadderIsTodaysCapAtTheProfilesViewerCap() {
    ViewerLadder ladder = new ViewerLadder(100, 300);

    List<Seat> seats = fill(ladder, HD_NO_LADDER, 1000);

    assertThat(steps(seats)).containsExactly(24, 24, 24, 24, 24);
    ViewerRefusal refusal = ladder.admit(seats, HD_NO_LADDER, 0).refusal();
    assertThat(refusal.error()).isEqualTo("camera_full");
    assertThat(refusal.watching()).isEqualTo(5);
    assertThat(refusal.cap()).isEqualTo(5);
  }

  @Test
  void withoutABudgetNobodyIsAdmittedPastTheFullRateOnes() {
    ViewerLadder ladder = new ViewerLadder(100, 0);

    List<Seat> seats = fill(ladder, HD, 1000);

    assertThat(steps(seats)).containsExactly(24, 24, 24, 24, 24);
    assertThat(ladder.admit(seats, HD, 0).refusal().error()).isEqualTo("camera_full");
  }

  @Test
  void theBudgetAlsoBoundsTheFullRateViewers() {
    // 100 Mbit/s: two at 38.4, then 23.2 left: one at 12 (19.2), one at 1 (1.6), then 2.4 left: one more at 1
    ViewerLadder ladder = new ViewerLadder(100, 100);

    assertThat(steps(fill(ladder, HD, 1000))).containsExactly(24, 24, 12, 1, 1);
  }

  @Test
  void aCameraNobodyWatchesCanBeWatchedWhateverTheBudget() {
    ViewerLadder ladder = new ViewerLadder(100, 1);

    List<Seat> seats = fill(ladder, HD, 1000);

    assertThat(steps(seats)).as("one viewer, at the step that costs least").containsExactly(1);
  }

  @Test
  void noneBeyondTheConnectionCapWhateverTheBudget() {
    CameraTerms tiny = new CameraTerms("n/cam0", List.of(24, 12, 6, 1), 5, 1_000);
    ViewerLadder ladder = new ViewerLadder(100, 300);

    List<Seat> seats = fill(ladder, tiny, 1000);

    assertThat(seats).hasSize(100);
    assertThat(steps(seats).subList(0, 5)).containsOnly(24);
    assertThat(steps(seats).subList(5, 100)).as("past viewerCap, never the full rate").containsOnly(12);
    assertThat(ladder.admit(seats, tiny, 0).refusal().error()).isEqualTo("server_full");
    assertThat(ladder.capacity(List.of(), tiny)).isEqualTo(100);
  }

  @Test
  void aViewerThatAskedForLessCostsOnlyThat() {
    ViewerLadder ladder = new ViewerLadder(100, 300);
    List<Seat> seats = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      seats.add(new Seat(HD, 24, 0));
    }

    Admission thin = ladder.admit(seats, HD, 2);

    assertThat(thin.stepFps()).isEqualTo(12);
    seats.add(new Seat(HD, thin.stepFps(), 2));
    // 192 + 3.2 Mbit/s spent: 104.8 left, so five more at 12 fps still fit
    List<Seat> more = new ArrayList<>(seats);
    for (int i = 0; i < 5; i++) {
      Admission next = ladder.admit(more, HD, 0);
      more.add(new Seat(HD, next.stepFps(), 0));
    }
    assertThat(steps(more).subList(6, 11)).containsOnly(12);
  }

  @Test
  void whenFullRateViewersLeaveTheNextInLineMoveUp() {
    ViewerLadder ladder = new ViewerLadder(100, 300);
    List<Seat> seats = new ArrayList<>(fill(ladder, HD, 1000));

    seats.remove(0);
    seats.remove(0);
    int[] plan = ladder.plan(seats);

    // 10 left: the first five in line (three full, two that were at 12) at full rate, 192; then 108 as before
    assertThat(plan).containsExactly(24, 24, 24, 24, 24, 12, 12, 12, 12, 12);
  }

  @Test
  void framesThatGrowMoveTheLastInLineDownAndAMarginKeepsThemFromFlapping() {
    ViewerLadder ladder = new ViewerLadder(100, 300);
    List<Seat> seats = fill(ladder, HD, 1000);
    CameraTerms bigger = new CameraTerms("n/cam0", HD.steps(), 5, 220_000);
    List<Seat> grown = seats.stream().map(seat -> new Seat(bigger, seat.stepFps(), 0)).toList();

    int[] plan = ladder.plan(grown);

    // 5 x 42.24 = 211.2; 88.8 left: four at 12 (84.48), then 4.32: one at 1 and one at 1
    assertThat(plan).containsExactly(24, 24, 24, 24, 24, 12, 12, 12, 12, 1, 1, 1);
    List<Seat> after = new ArrayList<>();
    for (int i = 0; i < grown.size(); i++) {
      after.add(new Seat(HD, plan[i], 0));
    }
    // back at 200 kB: 96 + ... the fifth at 12 needs 19.2 x 1.1 = 21.1 of the 27.2 left after four at 12: it moves up
    int[] back = ladder.plan(after);
    assertThat(back[9]).isEqualTo(12);
    // at 215 kB, 11.04 Mbit/s are left for the tenth: 6 fps (10.32) fits, but not with the margin (11.35),
    // so a viewer at 1 fps stays there while one already at 6 fps keeps it
    CameraTerms slightlySmaller = new CameraTerms("n/cam0", HD.steps(), 5, 215_000);
    List<Seat> atOne = new ArrayList<>();
    List<Seat> atSix = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      int step = i < 5 ? 24 : (i < 9 ? 12 : 1);
      atOne.add(new Seat(slightlySmaller, step, 0));
      atSix.add(new Seat(slightlySmaller, i == 9 ? 6 : step, 0));
    }
    assertThat(ladder.plan(atOne)[9]).isEqualTo(1);
    assertThat(ladder.plan(atSix)[9]).isEqualTo(6);
  }

  @Test
  void theBudgetIsSharedByTheCamerasOfTheServer() {
    CameraTerms other = new CameraTerms("n/cam1", List.of(24, 12, 6, 1), 5, 200_000);
    ViewerLadder ladder = new ViewerLadder(100, 300);
    List<Seat> seats = new ArrayList<>(fill(ladder, HD, 5));

    List<Seat> all = new ArrayList<>(seats);
    for (int i = 0; i < 5; i++) {
      Admission next = ladder.admit(all, other, 0);
      all.add(new Seat(other, next.stepFps(), 0));
    }

    // 192 for cam0; cam1's full-rate slots: 2 at 38.4 (76.8), then 31.2 left: one at 12, one at 6, one at 1
    assertThat(steps(all).subList(5, 10)).containsExactly(24, 24, 12, 6, 1);
  }
}
