package io.pistream.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FailureSummaryTest {

  private static final long MINUTE = 60_000;

  private final FailureSummary summary = new FailureSummary("ceiling", MINUTE);

  @Test
  void theFirstProblemIsLoggedInFullAndTheRestSummarisedOncePerPeriod() {
    assertThat(summary.record("EIO", "in_temp_input: Input/output error", 0))
        .hasValueSatisfying(line -> assertThat(line).contains("ceiling").contains("EIO").contains("Input/output error"));
    for (int i = 1; i <= 12; i++) {
      assertThat(summary.record(i <= 9 ? "EIO" : "range", "detail", i * 1000L)).isEmpty();
    }
    assertThat(summary.flush(MINUTE - 1)).isEmpty();

    assertThat(summary.flush(MINUTE)).hasValue("sensor ceiling: 12 reads failed or were rejected in the last 60 s: EIO x9, range x3");
    assertThat(summary.flush(MINUTE + 1000)).isEmpty();
  }

  @Test
  void problemsKeepBeingSummarisedWhileTheyContinue() {
    summary.record("EIO", "first", 0);
    summary.record("EIO", "second", 1000);
    summary.flush(MINUTE);

    assertThat(summary.record("ETIMEDOUT", "third", MINUTE + 5000)).isEmpty();
    assertThat(summary.flush(2 * MINUTE)).hasValue("sensor ceiling: 1 read failed or was rejected in the last 60 s: ETIMEDOUT x1");
  }

  @Test
  void aQuietPeriodEndsTheSummaryAndTheNextProblemIsLoggedInFull() {
    summary.record("EIO", "first", 0);
    assertThat(summary.flush(MINUTE)).isEmpty();

    assertThat(summary.record("clock not set", "reading stamped 1970", MINUTE + 1000))
        .hasValueSatisfying(line -> assertThat(line).contains("rejected (clock not set)"));
  }
}
