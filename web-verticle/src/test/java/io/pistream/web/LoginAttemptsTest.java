package io.pistream.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoginAttemptsTest {

  private long now = 1_000_000;
  private final LoginAttempts attempts = new LoginAttempts(() -> now);

  @Test
  void theFifthFailureWithinAMinuteRefusesUntilTheFirstAgesOut() {
    for (int i = 1; i < LoginAttempts.MAX_FAILURES; i++) {
      assertThat(attempts.failed("address 10.0.0.9")).isFalse();
      now += 1_000;
    }
    assertThat(attempts.retryAfterMs("address 10.0.0.9")).isZero();
    assertThat(attempts.failed("address 10.0.0.9")).as("the one that reaches the limit").isTrue();
    assertThat(attempts.retryAfterMs("address 10.0.0.9")).isEqualTo(LoginAttempts.WINDOW_MS - 4_000);
    now += LoginAttempts.WINDOW_MS - 4_000;
    assertThat(attempts.retryAfterMs("address 10.0.0.9")).as("the first failure aged out").isZero();
  }

  @Test
  void failuresSpreadOverMoreThanAMinuteNeverReachTheLimit() {
    for (int i = 0; i < 20; i++) {
      attempts.failed("user anna");
      now += LoginAttempts.WINDOW_MS / (LoginAttempts.MAX_FAILURES - 1) + 1;
      assertThat(attempts.retryAfterMs("user anna")).isZero();
    }
  }

  @Test
  void eachKeyCountsAlone() {
    for (int i = 0; i < LoginAttempts.MAX_FAILURES; i++) {
      attempts.failed("user anna");
    }
    assertThat(attempts.retryAfterMs("user anna")).isPositive();
    assertThat(attempts.retryAfterMs("user bob")).isZero();
    assertThat(attempts.retryAfterMs("address 10.0.0.9")).isZero();
  }
}
