package io.pistream.contracts;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Reply of {@link Addresses#STORAGE_HISTORY}.
 *
 * @param from the range asked for, epoch ms
 * @param to the range asked for, epoch ms
 * @param bucketMs width of one bucket; 0 for raw rows
 * @param resolution the table the buckets were built from: {@code raw}, {@code minute}, {@code hour} or
 *     {@code day}
 * @param series one per sensor asked for, in the order asked
 */
public record HistoryResult(long from, long to, long bucketMs, String resolution, List<HistorySeries> series) {

  public HistoryResult {
    series = List.copyOf(series);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("from", from)
        .put("to", to)
        .put("bucketMs", bucketMs)
        .put("resolution", resolution)
        .put("series", new JsonArray(series.stream().map(HistorySeries::toJson).toList()));
  }

  public static HistoryResult fromJson(JsonObject json) {
    return new HistoryResult(
        Messages.requireLong(json, "from"),
        Messages.requireLong(json, "to"),
        json.getLong("bucketMs", 0L),
        json.getString("resolution", "raw"),
        json.getJsonArray("series", new JsonArray()).stream()
            .map(o -> HistorySeries.fromJson((JsonObject) o))
            .toList());
  }
}
