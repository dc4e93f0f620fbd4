package io.pistream.contracts;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** One sensor's buckets in a {@link HistoryResult}, oldest first; empty buckets are left out. */
public record HistorySeries(String node, String sensor, List<HistoryPoint> points) {

  public HistorySeries {
    points = List.copyOf(points);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("node", node)
        .put("sensor", sensor)
        .put("points", new JsonArray(points.stream().map(HistoryPoint::toJson).toList()));
  }

  public static HistorySeries fromJson(JsonObject json) {
    return new HistorySeries(
        Messages.requireText(json.getString("node"), "node"),
        Messages.requireText(json.getString("sensor"), "sensor"),
        json.getJsonArray("points", new JsonArray()).stream()
            .map(o -> HistoryPoint.fromJson((JsonObject) o))
            .toList());
  }
}
