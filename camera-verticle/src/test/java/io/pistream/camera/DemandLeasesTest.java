package io.pistream.camera;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Deadline arithmetic on a clock the test sets: every {@code now} below is an epoch ms chosen here. */
class DemandLeasesTest {

  private static final long IDLE_MS = 500;
  private static final long T = 1_000_000;

  private final DemandLeases leases = new DemandLeases(IDLE_MS);

  @Test
  void theCameraMayStopTheIdleTimeoutAfterTheLastLeaseEnds() {
    leases.hold("web-a", 30_000, T);
    leases.hold("web-b", 10_000, T + 5_000);

    assertThat(leases.idleDeadline()).isEqualTo(T + 30_000 + IDLE_MS);
  }

  @Test
  void aConsumersLatestLeaseWinsEvenWhenItIsShorter() {
    leases.hold("web-a", 30_000, T);
    leases.hold("web-a", 1, T + 2_000);

    assertThat(leases.idleDeadline()).isEqualTo(T + 2_001 + IDLE_MS);
  }

  @Test
  void aReleaseEndsTheLeaseNow() {
    leases.hold("web-a", 30_000, T);

    assertThat(leases.release("web-a", T + 2_000)).isTrue();
    assertThat(leases.idleDeadline()).isEqualTo(T + 2_000 + IDLE_MS);
  }

  @Test
  void aReleaseNeverMakesTheCameraRunLonger() {
    leases.hold("web-a", 1_000, T);

    assertThat(leases.release("web-a", T + 5_000)).as("the lease had lapsed, but it was held").isTrue();
    assertThat(leases.idleDeadline()).isEqualTo(T + 1_000 + IDLE_MS);
  }

  @Test
  void aReleaseLeavesTheOtherConsumersLeases() {
    leases.hold("web-a", 30_000, T);
    leases.hold("web-b", 30_000, T + 1_000);

    leases.release("web-b", T + 2_000);

    assertThat(leases.idleDeadline()).isEqualTo(T + 30_000 + IDLE_MS);
  }

  @Test
  void aReleaseFromAConsumerWithoutALeaseChangesNothing() {
    leases.hold("web-a", 3_000, T);

    assertThat(leases.release("web-b", T + 1_000)).isFalse();
    assertThat(leases.idleDeadline()).isEqualTo(T + 3_000 + IDLE_MS);
  }

  @Test
  void aDemandAfterAReleaseHoldsAgain() {
    leases.hold("web-a", 30_000, T);
    leases.release("web-a", T + 1_000);

    leases.hold("web-a", 30_000, T + 2_000);

    assertThat(leases.idleDeadline()).isEqualTo(T + 32_000 + IDLE_MS);
  }

  @Test
  void anEndedSnapshotKeepsTheCameraWantedForTheIdleTimeout() {
    leases.snapshotEnded(T);

    assertThat(leases.idleDeadline()).isEqualTo(T + IDLE_MS);
  }

  @Test
  void anEndedSnapshotDoesNotShortenARunningLease() {
    leases.hold("web-a", 30_000, T);

    leases.snapshotEnded(T + 1_000);

    assertThat(leases.idleDeadline()).isEqualTo(T + 30_000 + IDLE_MS);
  }

  @Test
  void whicheverEndsLastOfAReleaseAndASnapshotSetsTheDeadline() {
    leases.hold("web-a", 30_000, T);
    leases.release("web-a", T + 2_000);

    leases.snapshotEnded(T + 3_000);
    assertThat(leases.idleDeadline()).isEqualTo(T + 3_000 + IDLE_MS);

    leases.hold("web-a", 30_000, T + 4_000);
    leases.release("web-a", T + 5_000);
    assertThat(leases.idleDeadline()).isEqualTo(T + 5_000 + IDLE_MS);
  }

  @Test
  void withNoLeaseAtAllTheDeadlineHasLongPassed() {
    leases.hold("web-a", 30_000, T);

    leases.clear();

    assertThat(leases.idleDeadline()).isLessThan(T);
    assertThat(leases.release("web-a", T)).as("a cleared lease cannot be released").isFalse();
  }
}
