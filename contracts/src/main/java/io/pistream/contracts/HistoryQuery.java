package io.pistream.contracts;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Request for {@link Addresses#STORAGE_HISTORY}.
 *
 * @param sensors the sensors to chart; empty means every known sensor
 * @param from start of the range, inclusive, epoch ms
 * @param to end of the range, exclusive, epoch ms
 * @param maxPoints at most this many buckets per sensor (1..10000)
 * @param raw when true, return stored raw rows instead of buckets (only within raw retention; at most
 *     maxPoints rows per sensor, the newest dropped past that)
 */
public record HistoryQuery(List<SensorKey> sensors, long from, long to, int maxPoints, boolean raw) {

  public static final int MAX_POINTS = 10_000;

  public HistoryQuery {
    sensors = List.copyOf(sensors);
    if (from >= to) {
      throw new IllegalArgumentException("from must be before to");
    }
    if (maxPoints < 1 || maxPoints > MAX_POINTS) {
      throw new IllegalArgumentException("maxPoints must be between 1 and " + MAX_POINTS);
    }
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("sensors", new JsonArray(sensors.stream().map(SensorKey::toJson).toList()))
        .put("from", from)
        .put("to", to)
        .put("maxPoints", maxPoints)
        .put("raw", raw);
  }

  /** @throws IllegalArgumentException naming what is wrong */
  public static HistoryQuery fromJson(JsonObject json) {
    JsonArray sensors = json.getJsonArray("sensors", new JsonArray());
    return new HistoryQuery(
        sensors.stream().map(o -> SensorKey.fromJson((JsonObject) o)).toList(),
        Messages.requireLong(json, "from"),
        Messages.requireLong(json, "to"),
        json.getInteger("maxPoints", 1000),
        json.getBoolean("raw", false));
  }
}
