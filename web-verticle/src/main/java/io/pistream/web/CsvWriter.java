package io.pistream.web;

import io.pistream.contracts.HistoryPoint;
import io.pistream.contracts.HistoryResult;
import io.pistream.contracts.HistorySeries;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A history result as RFC 4180 CSV: one row per point per sensor, times in ISO-8601 UTC. The last two
 * columns are derived from the average temperature and humidity ({@link DerivedHumidity}); they come
 * last so the earlier columns keep their positions. An undefined dew point (no humidity) is empty.
 */
final class CsvWriter {

  static final String HEADER = "time,node,sensor,count,"
      + "temperature_min_c,temperature_avg_c,temperature_max_c,humidity_min_pct,humidity_avg_pct,humidity_max_pct,"
      + "dew_point_c,absolute_humidity_g_m3";

  // Colons are not allowed in Windows file names, so the file name uses the basic ISO form.
  private static final DateTimeFormatter FILE_NAME_TIME = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final String LINE_END = "\r\n";

  private CsvWriter() {
  }

  static String write(HistoryResult result) {
    StringBuilder csv = new StringBuilder(HEADER).append(LINE_END);
    for (HistorySeries series : result.series()) {
      String node = field(series.node());
      String sensor = field(series.sensor());
      for (HistoryPoint point : series.points()) {
        csv.append(Instant.ofEpochMilli(point.ts())).append(',')
            .append(node).append(',')
            .append(sensor).append(',')
            .append(point.count()).append(',')
            .append(number(point.temperatureMin())).append(',')
            .append(number(point.temperatureAvg())).append(',')
            .append(number(point.temperatureMax())).append(',')
            .append(number(point.humidityMin())).append(',')
            .append(number(point.humidityAvg())).append(',')
            .append(number(point.humidityMax())).append(',')
            .append(number(DerivedHumidity.dewPointC(point.temperatureAvg(), point.humidityAvg()))).append(',')
            .append(number(DerivedHumidity.absoluteHumidityGm3(point.temperatureAvg(), point.humidityAvg()))).append(LINE_END);
      }
    }
    return csv.toString();
  }

  static String fileName(long from, long to) {
    return "pistream-" + FILE_NAME_TIME.format(Instant.ofEpochMilli(from)) + "-" + FILE_NAME_TIME.format(Instant.ofEpochMilli(to)) + ".csv";
  }

  private static String number(Double value) {
    return value == null ? "" : BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  private static String field(String value) {
    boolean needsQuotes = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0;
    return needsQuotes ? '"' + value.replace("\"", "\"\"") + '"' : value;
  }
}
