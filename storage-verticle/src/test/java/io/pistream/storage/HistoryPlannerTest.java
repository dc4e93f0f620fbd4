package io.pistream.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class HistoryPlannerTest {

  private static final long HOUR = 3_600_000L;
  private static final long DAY = 24 * HOUR;
  private static final long NOW = StorageHarness.T0 + 123_456_789L;

  @Test
  void picksTheCoarsestTableWhoseSlotsFitABucket() {
    assertThat(HistoryPlanner.plan(NOW - HOUR, NOW, 1000, false).source()).isEqualTo(Resolution.RAW);
    assertThat(HistoryPlanner.plan(NOW - DAY, NOW, 1000, false).source()).isEqualTo(Resolution.MINUTE);
    assertThat(HistoryPlanner.plan(NOW - 7 * DAY, NOW, 1000, false).source()).isEqualTo(Resolution.MINUTE);
    assertThat(HistoryPlanner.plan(NOW - 30 * DAY, NOW, 1000, false).source()).isEqualTo(Resolution.MINUTE);
    assertThat(HistoryPlanner.plan(NOW - 365 * DAY, NOW, 1000, false).source()).isEqualTo(Resolution.HOUR);
    assertThat(HistoryPlanner.plan(NOW - 3650 * DAY, NOW, 1000, false).source()).isEqualTo(Resolution.DAY);
    assertThat(HistoryPlanner.plan(NOW - 30 * DAY, NOW, 30, false).source()).isEqualTo(Resolution.DAY);
  }

  @Test
  void bucketsAreWholeSlotsOfTheSourceAlignedToTheirWidth() {
    HistoryPlan plan = HistoryPlanner.plan(NOW - DAY, NOW, 1000, false);
    assertThat(plan.bucketMs()).isEqualTo(120_000L);
    assertThat(plan.start() % plan.bucketMs()).isZero();
    assertThat(plan.end() % plan.bucketMs()).isZero();
    assertThat(plan.start()).isLessThanOrEqualTo(NOW - DAY);
    assertThat(plan.end()).isGreaterThanOrEqualTo(NOW);
  }

  @Test
  void neverMoreBucketsThanMaxPoints() {
    Random random = new Random(42);
    for (int i = 0; i < 20_000; i++) {
      long from = (long) (random.nextDouble() * 2e12);
      long range = 1 + (long) Math.pow(10, random.nextDouble() * 11);
      int maxPoints = 1 + random.nextInt(random.nextBoolean() ? 10 : 10_000);
      HistoryPlan plan = HistoryPlanner.plan(from, from + range, maxPoints, false);
      assertThat(HistoryPlanner.bucketCount(from, from + range, plan.bucketMs()))
          .as("from %d range %d maxPoints %d", from, range, maxPoints)
          .isLessThanOrEqualTo(maxPoints);
      assertThat((plan.end() - plan.start()) / plan.bucketMs()).as("buckets the reader walks").isLessThanOrEqualTo(maxPoints);
      assertThat(plan.bucketMs() % plan.source().millis).isZero();
      assertThat(plan.start() % plan.bucketMs()).isZero();
      assertThat(plan.start()).isLessThanOrEqualTo(from);
      assertThat(plan.end()).isGreaterThanOrEqualTo(from + range);
    }
  }

  @Test
  void rawKeepsTheAskedRange() {
    HistoryPlan plan = HistoryPlanner.plan(NOW - HOUR, NOW, 10, true);
    assertThat(plan.raw()).isTrue();
    assertThat(plan.bucketMs()).isZero();
    assertThat(plan.start()).isEqualTo(NOW - HOUR);
    assertThat(plan.end()).isEqualTo(NOW);
  }

  @Test
  void refusesRangesBefore1970() {
    assertThatThrownBy(() -> HistoryPlanner.plan(-5, 10, 10, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("from");
  }
}
