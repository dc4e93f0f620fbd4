package io.pistream.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ViewerCapsTest {

  @Test
  void theActiveProfileDecidesWithoutAnUplinkBudget() {
    ViewerCaps caps = new ViewerCaps(100, 0);

    assertThat(caps.cameraCap(5, 8_000_000)).isEqualTo(5);
    assertThat(caps.cameraCap(20, 0)).isEqualTo(20);
  }

  @Test
  void aProfileWithoutCapIsBoundByTheConnectionCap() {
    assertThat(new ViewerCaps(100, 0).cameraCap(0, 0)).isEqualTo(100);
  }

  @Test
  void theUplinkBudgetDividedByTheMeasuredBitrateDecidesOnceMeasured() {
    ViewerCaps caps = new ViewerCaps(100, 20);

    assertThat(caps.cameraCap(5, 4_000_000)).as("20 Mbit/s over 4 Mbit/s per viewer").isEqualTo(5);
    assertThat(caps.cameraCap(5, 1_000_000)).as("a lower quality admits more than the profile's cap").isEqualTo(20);
    assertThat(caps.cameraCap(5, 3_000_000)).as("rounded down").isEqualTo(6);
  }

  @Test
  void theProfileCapHoldsUntilABitrateIsMeasured() {
    assertThat(new ViewerCaps(100, 20).cameraCap(5, 0)).isEqualTo(5);
  }

  @Test
  void oneViewerIsAlwaysAdmittedEvenWhenOneStreamExceedsTheBudget() {
    assertThat(new ViewerCaps(100, 1).cameraCap(5, 8_000_000)).isEqualTo(1);
  }

  @Test
  void noCameraCapExceedsTheConnectionCap() {
    assertThat(new ViewerCaps(10, 1000).cameraCap(5, 1_000_000)).isEqualTo(10);
    assertThat(new ViewerCaps(3, 0).cameraCap(5, 0)).isEqualTo(3);
  }

  @Test
  void admitsBelowBothCaps() {
    assertThat(new ViewerCaps(100, 0).admit("n/cam0", 4, 5, 50)).isEmpty();
  }

  @Test
  void refusesWhenTheCameraIsFull() {
    ViewerRefusal refusal = new ViewerCaps(100, 0).admit("n/cam0", 5, 5, 7).orElseThrow();

    assertThat(refusal.error()).isEqualTo("camera_full");
    assertThat(refusal.watching()).isEqualTo(5);
    assertThat(refusal.cap()).isEqualTo(5);
    assertThat(refusal.detail()).contains("n/cam0", "5");
  }

  @Test
  void refusesWhenTheServerIsFullEvenIfTheCameraIsNot() {
    ViewerRefusal refusal = new ViewerCaps(10, 0).admit("n/cam0", 1, 5, 10).orElseThrow();

    assertThat(refusal.error()).isEqualTo("server_full");
    assertThat(refusal.watching()).isEqualTo(10);
    assertThat(refusal.cap()).isEqualTo(10);
    assertThat(refusal.toJson().fieldNames()).containsExactlyInAnyOrder("error", "detail", "watching", "cap");
  }
}
