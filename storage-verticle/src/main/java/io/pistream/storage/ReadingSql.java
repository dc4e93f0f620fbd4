package io.pistream.storage;

/** The statements that write readings, shared by the verticle's writer and the bulk loader. */
final class ReadingSql {

  static final String INSERT_SENSOR =
      "INSERT INTO sensors (id, node, sensor) VALUES (?, ?, ?) ON CONFLICT (node, sensor) DO NOTHING";

  static final String UPSERT_SENSOR_META =
      "INSERT INTO sensors (id, node, sensor, name, location) VALUES (?, ?, ?, ?, ?)"
          + " ON CONFLICT (node, sensor) DO UPDATE SET name = excluded.name, location = excluded.location";

  static final String INSERT_RAW =
      "INSERT INTO readings_raw (sensor_id, ts, temperature_centi, humidity_centi) VALUES (?, ?, ?, ?)"
          + " ON CONFLICT (sensor_id, ts) DO NOTHING";

  /** Parameters: first, first, newest, temperature, newest, humidity, newest, newest, sensor id. */
  static final String UPDATE_SENSOR_SPAN =
      "UPDATE sensors SET"
          + " first_ts = CASE WHEN first_ts IS NULL OR ? < first_ts THEN ? ELSE first_ts END,"
          + " last_temperature_centi = CASE WHEN last_ts IS NULL OR ? > last_ts THEN ? ELSE last_temperature_centi END,"
          + " last_humidity_centi = CASE WHEN last_ts IS NULL OR ? > last_ts THEN ? ELSE last_humidity_centi END,"
          + " last_ts = CASE WHEN last_ts IS NULL OR ? > last_ts THEN ? ELSE last_ts END"
          + " WHERE id = ?";

  static String upsertRollup(Resolution resolution) {
    return "INSERT INTO " + resolution.table
        + " (sensor_id, bucket, count, temperature_min, temperature_max, temperature_sum,"
        + " humidity_min, humidity_max, humidity_sum) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
        + " ON CONFLICT (sensor_id, bucket) DO UPDATE SET"
        + " count = count + excluded.count,"
        + " temperature_min = min(temperature_min, excluded.temperature_min),"
        + " temperature_max = max(temperature_max, excluded.temperature_max),"
        + " temperature_sum = temperature_sum + excluded.temperature_sum,"
        + " humidity_min = min(humidity_min, excluded.humidity_min),"
        + " humidity_max = max(humidity_max, excluded.humidity_max),"
        + " humidity_sum = humidity_sum + excluded.humidity_sum";
  }

  private ReadingSql() {
  }
}
