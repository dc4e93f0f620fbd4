package io.pistream.contracts;

import io.vertx.core.json.JsonObject;

/**
 * One bucket of a history series: the readings whose time falls in {@code [ts, ts + bucketMs)}. A raw
 * row is a bucket of one reading, where min, avg and max are equal.
 */
public record HistoryPoint(
    long ts,
    long count,
    double temperatureMin,
    double temperatureAvg,
    double temperatureMax,
    double humidityMin,
    double humidityAvg,
    double humidityMax) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("ts", ts)
        .put("count", count)
        .put("tMin", temperatureMin)
        .put("tAvg", temperatureAvg)
        .put("tMax", temperatureMax)
        .put("hMin", humidityMin)
        .put("hAvg", humidityAvg)
        .put("hMax", humidityMax);
  }

  public static HistoryPoint fromJson(JsonObject json) {
    return new HistoryPoint(
        Messages.requireLong(json, "ts"),
        Messages.requireLong(json, "count"),
        Messages.requireDouble(json, "tMin"),
        Messages.requireDouble(json, "tAvg"),
        Messages.requireDouble(json, "tMax"),
        Messages.requireDouble(json, "hMin"),
        Messages.requireDouble(json, "hAvg"),
        Messages.requireDouble(json, "hMax"));
  }
}
