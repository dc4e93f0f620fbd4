package io.pistream.camera;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Thinning and the size bound, on a clock the test moves. */
class HistoryThinningTest {

  private static final long MINUTE = TimeUnit.MINUTES.toMillis(1);
  private static final long HOUR = TimeUnit.HOURS.toMillis(1);
  private static final long DAY = TimeUnit.DAYS.toMillis(1);
  /** 2026-12-04 00:00 UTC, on an hour. */
  private static final long T0 = 1_796_342_400_000L;

  private static HistorySettings settings(long keepAllMs, long keepHourlyMs, long maxBytes) {
    return new HistorySettings(10, 640, maxBytes, keepAllMs, keepHourlyMs);
  }

  @Test
  void keepsAllOfTheLastDayOneAnHourUpToAYearAndNothingOlder() {
    HistorySettings settings = settings(DAY, 365 * DAY, Long.MAX_VALUE);
    long now = T0 + 400 * DAY;
    List<StoredPicture> pictures = new ArrayList<>();
    // a picture every 10 minutes from 370 days ago to now
    for (long ts = now - 370 * DAY; ts <= now; ts += 10 * MINUTE) {
      pictures.add(new StoredPicture(ts, 1000));
    }

    List<StoredPicture> deleted = HistoryThinning.toDelete(pictures, now, settings);

    Set<StoredPicture> gone = new HashSet<>(deleted);
    List<StoredPicture> kept = pictures.stream().filter(p -> !gone.contains(p)).toList();
    assertThat(kept.stream().filter(p -> now - p.ts() < DAY)).as("the last day, all of it").hasSize(144);
    List<StoredPicture> hourly = kept.stream().filter(p -> now - p.ts() >= DAY).toList();
    assertThat(hourly.stream().map(p -> Math.floorDiv(p.ts(), HOUR)).distinct()).as("one an hour").hasSize(hourly.size());
    // 364 days of whole hours, and what is left of the hour that is ageing out
    assertThat(hourly).hasSize(364 * 24 + 1);
    assertThat(hourly.subList(1, hourly.size())).allSatisfy(p -> assertThat(p.ts() % HOUR).as("the first of its hour").isZero());
    assertThat(kept).allSatisfy(p -> assertThat(now - p.ts()).isLessThan(365 * DAY));
    assertThat(deleted).isSortedAccordingTo((a, b) -> Long.compare(a.ts(), b.ts()));
  }

  @Test
  void aPictureKeptOnceStaysUntilItAgesOutAsTheClockMoves() {
    HistorySettings settings = settings(2 * HOUR, 2 * DAY, Long.MAX_VALUE);
    List<StoredPicture> pictures = new ArrayList<>();
    Set<Long> everDeleted = new HashSet<>();
    Set<Long> keptHourly = new HashSet<>();
    // three days of a picture every 7 minutes (not a divisor of the hour), thinned after each
    for (long now = T0; now <= T0 + 3 * DAY; now += 7 * MINUTE) {
      pictures.add(new StoredPicture(now, 500));
      List<StoredPicture> deleted = HistoryThinning.toDelete(pictures, now, settings);
      pictures.removeAll(deleted);
      for (StoredPicture gone : deleted) {
        everDeleted.add(gone.ts());
        if (keptHourly.contains(gone.ts())) {
          assertThat(now - gone.ts()).as("a kept hourly picture goes only when it is older than keepHourly").isGreaterThanOrEqualTo(2 * DAY);
        }
      }
      long clock = now;
      pictures.stream().filter(p -> clock - p.ts() >= 2 * HOUR).forEach(p -> keptHourly.add(p.ts()));
    }
    long now = T0 + 3 * DAY - (3 * DAY) % (7 * MINUTE);
    long hoursWithAPicture = pictures.stream().filter(p -> now - p.ts() >= 2 * HOUR).map(p -> Math.floorDiv(p.ts(), HOUR)).distinct().count();
    assertThat(pictures.stream().filter(p -> now - p.ts() >= 2 * HOUR)).as("one per hour").hasSize((int) hoursWithAPicture);
    assertThat(pictures.stream().filter(p -> now - p.ts() < 2 * HOUR)).hasSizeBetween(17, 18);
    assertThat(everDeleted).isNotEmpty();
  }

  @Test
  void overTheSizeBoundTheOldestGoFirstEvenFromTheLastDay() {
    HistorySettings settings = settings(DAY, 365 * DAY, 10_000);
    long now = T0;
    List<StoredPicture> pictures = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      pictures.add(new StoredPicture(now - (29 - i) * 10 * MINUTE, 1_000));
    }

    List<StoredPicture> deleted = HistoryThinning.toDelete(pictures, now, settings);

    assertThat(deleted).containsExactlyElementsOf(pictures.subList(0, 20));
    assertThat(pictures.subList(20, 30).stream().mapToLong(StoredPicture::bytes).sum()).isEqualTo(10_000);
  }

  @Test
  void thinningComesBeforeTheBoundSoOnlyWhatIsStillOverItGoes() {
    HistorySettings settings = settings(HOUR, DAY, 5_000);
    long now = T0 + 10 * HOUR;
    List<StoredPicture> pictures = new ArrayList<>();
    for (long ts = T0; ts <= now; ts += 30 * MINUTE) {
      pictures.add(new StoredPicture(ts, 1_000));
    }

    List<StoredPicture> deleted = HistoryThinning.toDelete(pictures, now, settings);

    List<StoredPicture> kept = pictures.stream().filter(p -> !deleted.contains(p)).toList();
    // thinned: the :00 picture of each of the 10 older hours and both of the last hour, 12 of 1000 bytes; bound 5000
    assertThat(kept).extracting(StoredPicture::ts)
        .containsExactly(now - 3 * HOUR, now - 2 * HOUR, now - HOUR, now - 30 * MINUTE, now);
  }

  @Test
  void picturesFromTheFutureOfAClockSetBackAreKept() {
    HistorySettings settings = settings(HOUR, DAY, Long.MAX_VALUE);
    List<StoredPicture> pictures = List.of(new StoredPicture(T0 + DAY, 10), new StoredPicture(T0 + 2 * DAY, 10));

    assertThat(HistoryThinning.toDelete(pictures, T0, settings)).isEmpty();
  }

  @Test
  void keepHourlyDaysZeroKeepsOnlyTheLastHours() {
    HistorySettings settings = settings(HOUR, 0, Long.MAX_VALUE);
    List<StoredPicture> pictures = List.of(new StoredPicture(T0, 10), new StoredPicture(T0 + 59 * MINUTE, 10),
        new StoredPicture(T0 + 61 * MINUTE, 10));

    assertThat(HistoryThinning.toDelete(pictures, T0 + 2 * HOUR, settings)).containsExactly(pictures.get(0), pictures.get(1));
  }
}
