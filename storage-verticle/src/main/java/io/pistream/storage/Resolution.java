package io.pistream.storage;

import java.util.Locale;

/** A table of readings and the width of the time slot one of its rows covers. */
enum Resolution {
  RAW(1, "readings_raw"),
  MINUTE(60_000L, "readings_minute"),
  HOUR(3_600_000L, "readings_hour"),
  DAY(86_400_000L, "readings_day");

  static final Resolution[] ROLLUPS = {MINUTE, HOUR, DAY};

  final long millis;
  final String table;

  Resolution(long millis, String table) {
    this.millis = millis;
    this.table = table;
  }

  long bucketOf(long ts) {
    return ts - Math.floorMod(ts, millis);
  }

  /** The name used in {@code HistoryResult.resolution}. */
  String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
