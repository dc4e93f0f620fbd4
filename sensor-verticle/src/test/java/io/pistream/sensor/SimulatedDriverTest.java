package io.pistream.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SimulatedDriverTest {

  private static final long MONDAY = Instant.parse("2025-03-03T00:00:00Z").toEpochMilli();
  private static final long MINUTE = 60_000;

  @Test
  void theSameSeedReadAtTheSameTimesGivesTheSameReadings() {
    assertThat(readEvery(42, MONDAY, 2_000, 500)).isEqualTo(readEvery(42, MONDAY, 2_000, 500));
  }

  @Test
  void anotherSeedGivesOtherReadings() {
    assertThat(readEvery(42, MONDAY, 2_000, 500)).isNotEqualTo(readEvery(43, MONDAY, 2_000, 500));
  }

  @Test
  void aWeekOfReadingsStaysWithinWhatARoomPlausiblyMeasures() {
    List<Measurement> week = readEvery(7, MONDAY, 5 * MINUTE, 7 * 24 * 12);

    assertThat(week).allSatisfy(m -> {
      assertThat(m.temperatureC()).isBetween(10.0, 32.0);
      assertThat(m.humidityPct()).isBetween(5.0, 99.0);
    });
    assertThat(week.stream().mapToDouble(Measurement::temperatureC).distinct().count()).isGreaterThan(50);
  }

  @Test
  void afternoonsAreWarmerAndDrierThanNights() {
    List<Measurement> week = readEvery(11, MONDAY, 5 * MINUTE, 7 * 24 * 12);
    double afternoonC = 0;
    double nightC = 0;
    double afternoonPct = 0;
    double nightPct = 0;
    for (int day = 0; day < 7; day++) {
      Measurement afternoon = week.get(day * 288 + 15 * 12);
      Measurement night = week.get(day * 288 + 3 * 12);
      afternoonC += afternoon.temperatureC() / 7;
      nightC += night.temperatureC() / 7;
      afternoonPct += afternoon.humidityPct() / 7;
      nightPct += night.humidityPct() / 7;
    }

    assertThat(afternoonC - nightC).isGreaterThan(3);
    assertThat(nightPct - afternoonPct).isGreaterThan(8);
  }

  @Test
  void consecutiveReadsChangeLittleAsARealSensorsDo() {
    List<Measurement> reads = readEvery(3, MONDAY, 2_000, 2_000);

    for (int i = 1; i < reads.size(); i++) {
      assertThat(Math.abs(reads.get(i).temperatureC() - reads.get(i - 1).temperatureC())).isLessThan(1.0);
      assertThat(Math.abs(reads.get(i).humidityPct() - reads.get(i - 1).humidityPct())).isLessThan(3.0);
    }
  }

  @Test
  void readingsHaveTheDht22sResolutionOfATenth() {
    assertThat(readEvery(5, MONDAY, MINUTE, 100)).allSatisfy(m -> {
      assertThat(m.temperatureC() * 10).isCloseTo(Math.rint(m.temperatureC() * 10), org.assertj.core.data.Offset.offset(1e-6));
      assertThat(m.humidityPct() * 10).isCloseTo(Math.rint(m.humidityPct() * 10), org.assertj.core.data.Offset.offset(1e-6));
    });
  }

  private static List<Measurement> readEvery(long seed, long start, long stepMs, int count) {
    AtomicLong clock = new AtomicLong(start);
    SimulatedDriver driver = new SimulatedDriver(seed, clock::get, ZoneOffset.UTC);
    List<Measurement> readings = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      readings.add(driver.read());
      clock.addAndGet(stepMs);
    }
    return readings;
  }
}
