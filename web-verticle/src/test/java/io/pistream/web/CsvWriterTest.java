package io.pistream.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.HistoryPoint;
import io.pistream.contracts.HistoryResult;
import io.pistream.contracts.HistorySeries;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvWriterTest {

  private static long ms(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  @Test
  void oneRowPerPointPerSensorWithUtcTimes() {
    HistoryResult result = new HistoryResult(ms("2024-05-01T00:00:00Z"), ms("2024-05-01T02:00:00Z"), 3_600_000, "hour", List.of(
        new HistorySeries("hub", "ceiling", List.of(
            new HistoryPoint(ms("2024-05-01T00:00:00Z"), 1800, -1.5, 0.25, 2.0, 40.0, 45.5, 51.0),
            new HistoryPoint(ms("2024-05-01T01:00:00Z"), 1799, 2.0, 2.5, 3.0, 50.0, 50.0, 50.0))),
        new HistorySeries("shed", "attic", List.of(
            new HistoryPoint(ms("2024-05-01T00:00:00.500Z"), 1, 10.0, 10.0, 10.0, 60.0, 60.0, 60.0)))));

    String csv = CsvWriter.write(result);

    assertThat(csv.split("\r\n", -1)).containsExactly(
        "time,node,sensor,count,temperature_min_c,temperature_avg_c,temperature_max_c,humidity_min_pct,humidity_avg_pct,humidity_max_pct,"
            + "dew_point_c,absolute_humidity_g_m3",
        "2024-05-01T00:00:00Z,hub,ceiling,1800,-1.5,0.25,2,40,45.5,51,-10.17,2.24",
        "2024-05-01T01:00:00Z,hub,ceiling,1799,2,2.5,3,50,50,50,-6.89,2.87",
        "2024-05-01T00:00:00.500Z,shed,attic,1,10,10,10,60,60,60,2.58,5.63",
        "");
  }

  @Test
  void theDerivedColumnsComeLastSoTheEarlierOnesKeepTheirPositions() {
    assertThat(CsvWriter.HEADER.split(",")).startsWith("time", "node", "sensor", "count", "temperature_min_c", "temperature_avg_c",
        "temperature_max_c", "humidity_min_pct", "humidity_avg_pct", "humidity_max_pct").endsWith("dew_point_c", "absolute_humidity_g_m3");
  }

  @Test
  void aBucketWithoutHumidityHasAnEmptyDewPoint() {
    HistoryResult result = new HistoryResult(0, 1, 0, "raw", List.of(
        new HistorySeries("hub", "ceiling", List.of(new HistoryPoint(0, 1, 20, 20, 20, 0, 0, 0)))));

    assertThat(CsvWriter.write(result)).endsWith(",20,20,20,0,0,0,,0\r\n");
  }

  @Test
  void noSeriesGivesTheHeaderAlone() {
    assertThat(CsvWriter.write(new HistoryResult(0, 1, 1, "raw", List.of()))).isEqualTo(CsvWriter.HEADER + "\r\n");
  }

  @Test
  void smallAndLargeNumbersAreNeverInScientificNotation() {
    HistoryResult result = new HistoryResult(0, 1, 0, "raw", List.of(
        new HistorySeries("hub", "ceiling", List.of(new HistoryPoint(0, 1, 0.0001, 0.0001, 0.0001, 12_345_678.0, 12_345_678.0, 12_345_678.0)))));

    assertThat(CsvWriter.write(result)).contains(",0.0001,0.0001,0.0001,12345678,12345678,12345678,");
  }

  @Test
  void idsWithCommasOrQuotesAreQuoted() {
    HistoryResult result = new HistoryResult(0, 1, 0, "raw", List.of(
        new HistorySeries("hub", "north, \"top\"", List.of(new HistoryPoint(0, 1, 1, 1, 1, 1, 1, 1)))));

    assertThat(CsvWriter.write(result)).contains(",hub,\"north, \"\"top\"\"\",1,");
  }

  @Test
  void fileNameCarriesTheRangeWithoutColons() {
    assertThat(CsvWriter.fileName(ms("2024-05-01T00:00:00Z"), ms("2024-05-02T12:30:15Z")))
        .isEqualTo("pistream-20240501T000000Z-20240502T123015Z.csv");
  }
}
