package io.pistream.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SpikeFilterTest {

  private final SpikeFilter filter = new SpikeFilter(new SensorSettings.Spike(5, 15, 5, 3));

  @Test
  void aSingleSpikeIsRejectedAndTheNextNormalReadingAccepted() {
    accept(20.0, 20.1, 20.2, 20.1);

    Verdict spike = filter.offer(new Measurement(35, 50));

    assertThat(spike.accepted()).isFalse();
    assertThat(spike.reason()).isEqualTo(Verdict.SPIKE);
    assertThat(spike.detail()).contains("35.0 C").contains("median 20.1 C");
    assertThat(filter.offer(new Measurement(20.3, 50)).accepted()).isTrue();
  }

  @Test
  void aStepConfirmedByAgreeingReadsIsAcceptedAndBecomesTheReference() {
    accept(20.0, 20.0, 20.1, 20.0, 20.1);

    assertThat(filter.offer(new Measurement(28.0, 50)).accepted()).isFalse();
    assertThat(filter.offer(new Measurement(28.2, 50)).accepted()).isFalse();
    assertThat(filter.offer(new Measurement(28.1, 50)).accepted()).isTrue();
    assertThat(filter.offer(new Measurement(28.3, 50)).accepted()).isTrue();
    assertThat(filter.offer(new Measurement(20.0, 50)).accepted()).isFalse();
  }

  @Test
  void readsThatDisagreeWithEachOtherNeverConfirmAStep() {
    accept(20.0, 20.0, 20.0);

    for (double wild : new double[] {30, 40, 50, 60, 70, 30, 45}) {
      assertThat(filter.offer(new Measurement(wild, 50)).accepted()).as("%s C", wild).isFalse();
    }
  }

  @Test
  void aNormalReadingBetweenSpikesStartsTheConfirmationOver() {
    accept(20.0, 20.0, 20.0);

    assertThat(filter.offer(new Measurement(30, 50)).accepted()).isFalse();
    assertThat(filter.offer(new Measurement(30, 50)).accepted()).isFalse();
    assertThat(filter.offer(new Measurement(20.1, 50)).accepted()).isTrue();
    assertThat(filter.offer(new Measurement(30, 50)).accepted()).isFalse();
  }

  @Test
  void humidityJumpsAreSpikesToo() {
    accept(20.0, 20.0, 20.0);

    assertThat(filter.offer(new Measurement(20.0, 70)).reason()).isEqualTo(Verdict.SPIKE);
  }

  @Test
  void theMedianIgnoresAnOutlierThatGotThrough() {
    accept(20.0, 20.0, 24.9, 20.0, 20.0);

    assertThat(filter.offer(new Measurement(24.5, 50)).accepted()).isTrue();
    assertThat(filter.offer(new Measurement(25.5, 50)).accepted()).isFalse();
  }

  private void accept(double... temperatures) {
    for (double t : temperatures) {
      assertThat(filter.offer(new Measurement(t, 50)).accepted()).as("%s C", t).isTrue();
    }
  }
}
