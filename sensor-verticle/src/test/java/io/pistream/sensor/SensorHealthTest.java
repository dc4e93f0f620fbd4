package io.pistream.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.SensorState;
import org.junit.jupiter.api.Test;

class SensorHealthTest {

  private static final long WALL = 1_750_000_000_000L;

  /** Failing after 3 failed polls, offline after 10 s without an accepted reading. */
  private final SensorHealth health = new SensorHealth(3, 10_000, 0, WALL);

  @Test
  void startsAsStartingAndIsOkWithTheFirstAcceptedReading() {
    assertThat(health.state()).isEqualTo(SensorState.STARTING);

    health.accepted(500, WALL + 500);

    assertThat(health.update(500, WALL + 500)).isTrue();
    assertThat(health.state()).isEqualTo(SensorState.OK);
    assertThat(health.since()).isEqualTo(WALL + 500);
    assertThat(health.lastReadingTs()).isEqualTo(WALL + 500);
    assertThat(health.update(600, WALL + 600)).isFalse();
  }

  @Test
  void failsAfterConsecutiveFailedPollsAndRecoversWithAnAcceptedReading() {
    health.accepted(0, WALL);
    health.update(0, WALL);
    health.pollFailed("EIO: in_temp_input: Input/output error");
    health.pollFailed("EIO: in_temp_input: Input/output error");
    assertThat(health.update(2000, WALL + 2000)).isFalse();

    health.pollFailed("EIO: in_temp_input: Input/output error");

    assertThat(health.update(3000, WALL + 3000)).isTrue();
    assertThat(health.state()).isEqualTo(SensorState.FAILING);
    assertThat(health.detail(3000)).contains("Input/output error");

    health.accepted(4000, WALL + 4000);
    assertThat(health.update(4000, WALL + 4000)).isTrue();
    assertThat(health.state()).isEqualTo(SensorState.OK);
    assertThat(health.detail(4000)).isEmpty();
  }

  @Test
  void goesOfflineWithoutAnAcceptedReadingForLongAndComesBack() {
    health.accepted(1000, WALL + 1000);
    health.update(1000, WALL + 1000);
    health.pollFailed("ETIMEDOUT: timed out");

    assertThat(health.update(11_000, WALL + 11_000)).isFalse();
    assertThat(health.update(11_001, WALL + 11_001)).isTrue();
    assertThat(health.state()).isEqualTo(SensorState.OFFLINE);
    assertThat(health.detail(12_000)).contains("no accepted reading for 11 s").contains("ETIMEDOUT");

    health.accepted(13_000, WALL + 13_000);
    assertThat(health.update(13_000, WALL + 13_000)).isTrue();
    assertThat(health.state()).isEqualTo(SensorState.OK);
  }

  @Test
  void aSensorThatNeverAnswersGoesOfflineCountedFromTheStart() {
    assertThat(health.update(10_001, WALL + 10_001)).isTrue();
    assertThat(health.state()).isEqualTo(SensorState.OFFLINE);
  }

  @Test
  void offlineWinsOverFailing() {
    for (int i = 0; i < 5; i++) {
      health.pollFailed("EIO");
    }
    health.update(5000, WALL + 5000);
    assertThat(health.state()).isEqualTo(SensorState.FAILING);

    health.update(20_000, WALL + 20_000);
    assertThat(health.state()).isEqualTo(SensorState.OFFLINE);
  }

  @Test
  void countsReads() {
    health.accepted(0, WALL);
    health.readFailed();
    health.readFailed();
    health.readRejected();

    assertThat(health.readsOk()).isEqualTo(1);
    assertThat(health.readsFailed()).isEqualTo(2);
    assertThat(health.readsRejected()).isEqualTo(1);
  }
}
