package io.pistream.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReadingValidatorTest {

  private static final Instant NOT_BEFORE = Instant.parse("2025-01-01T00:00:00Z");
  private static final long NOW = Instant.parse("2025-06-01T12:00:00Z").toEpochMilli();

  @Test
  void subZeroTemperaturesAreKept() {
    assertThat(validator().check(new Measurement(-12.5, 80), NOW).accepted()).isTrue();
  }

  @Test
  void theDht22sLimitsAreAccepted() {
    assertThat(validator().check(new Measurement(-40, 0), NOW).accepted()).isTrue();
    assertThat(validator().check(new Measurement(80, 100), NOW).accepted()).isTrue();
  }

  @Test
  void valuesADht22CannotMeasureAreRejected() {
    for (Measurement impossible : new Measurement[] {
        new Measurement(-40.1, 50), new Measurement(80.1, 50), new Measurement(20, -0.1), new Measurement(20, 100.1),
        new Measurement(Double.NaN, 50), new Measurement(20, Double.POSITIVE_INFINITY)}) {
      Verdict verdict = validator().check(impossible, NOW);
      assertThat(verdict.accepted()).as("%s", impossible).isFalse();
      assertThat(verdict.reason()).isEqualTo(Verdict.RANGE);
      assertThat(verdict.retryable()).isTrue();
    }
  }

  @Test
  void calibrationIsAppliedBeforeTheRangeCheck() {
    Calibration plusHalf = new Calibration(0.5, 2);

    assertThat(validator().check(plusHalf.apply(new Measurement(79.8, 50)), NOW).reason()).isEqualTo(Verdict.RANGE);
    assertThat(validator().check(plusHalf.apply(new Measurement(20, 98.5)), NOW).reason()).isEqualTo(Verdict.RANGE);
    assertThat(validator().check(plusHalf.apply(new Measurement(-40.3, 50)), NOW).accepted()).isTrue();
  }

  @Test
  void readingsStampedBeforeTheClockGuardAreRejected() {
    long bootedWithStaleClock = Instant.parse("1970-01-01T00:01:00Z").toEpochMilli();

    Verdict verdict = validator().check(new Measurement(21, 50), bootedWithStaleClock);

    assertThat(verdict.accepted()).isFalse();
    assertThat(verdict.reason()).isEqualTo("clock not set");
    assertThat(verdict.detail()).contains("1970-01-01T00:01:00Z").contains("2025-01-01T00:00:00Z");
    assertThat(verdict.retryable()).isFalse();
  }

  @Test
  void spikesAreRejectedAfterTheRangeCheck() {
    ReadingValidator validator = validator();
    validator.check(new Measurement(21, 50), NOW);

    assertThat(validator.check(new Measurement(35, 50), NOW).reason()).isEqualTo(Verdict.SPIKE);
  }

  private static ReadingValidator validator() {
    return new ReadingValidator(NOT_BEFORE, new SpikeFilter(new SensorSettings.Spike(5, 15, 5, 3)));
  }
}
