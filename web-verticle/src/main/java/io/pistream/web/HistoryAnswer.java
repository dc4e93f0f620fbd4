package io.pistream.web;

import io.pistream.contracts.HistoryResult;
import io.pistream.contracts.SensorKey;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code /api/readings}: storage's {@link HistoryResult} with each series labelled and
 * each point given the dew point and absolute humidity of its average temperature and humidity (see
 * {@link DerivedHumidity}). The points are passed on as storage sent them, with those two fields
 * added: decoding thousands of points into records only to encode them again would cost the history
 * page a millisecond or more on a Pi.
 */
record HistoryAnswer(long from, long to, long bucketMs, String resolution, List<Series> series) {

  /** One sensor's points, as storage encoded them, and its label (null: unknown here). */
  record Series(SensorKey sensor, JsonArray points, SensorLabel label) {

    JsonObject toJson() {
      return SensorLabel.addTo(new JsonObject().put("node", sensor.node()).put("sensor", sensor.sensor()).put("points", points),
          label);
    }
  }

  /** @param reply storage's reply, a {@link HistoryResult} in JSON */
  static HistoryAnswer of(JsonObject reply, Map<SensorKey, SensorLabel> labels) {
    List<Series> series = reply.getJsonArray("series", new JsonArray()).stream()
        .map(item -> {
          JsonObject json = (JsonObject) item;
          SensorKey key = new SensorKey(json.getString("node"), json.getString("sensor"));
          return new Series(key, withDerived(json.getJsonArray("points", new JsonArray())), labels.get(key));
        })
        .toList();
    return new HistoryAnswer(reply.getLong("from"), reply.getLong("to"), reply.getLong("bucketMs", 0L),
        reply.getString("resolution", "raw"), series);
  }

  /** Adds to each point, in place: the reply is this verticle's own copy (the bus copies or decodes it). */
  private static JsonArray withDerived(JsonArray points) {
    for (int i = 0; i < points.size(); i++) {
      JsonObject point = points.getJsonObject(i);
      Double temperature = point.getDouble("tAvg");
      Double humidity = point.getDouble("hAvg");
      boolean known = temperature != null && humidity != null;
      point.put("dewPointC", known ? DerivedHumidity.dewPointC(temperature, humidity) : null)
          .put("absoluteHumidityGm3", known ? DerivedHumidity.absoluteHumidityGm3(temperature, humidity) : null);
    }
    return points;
  }

  JsonObject toJson() {
    return new JsonObject()
        .put("from", from)
        .put("to", to)
        .put("bucketMs", bucketMs)
        .put("resolution", resolution)
        .put("series", new JsonArray(series.stream().map(Series::toJson).toList()));
  }
}
