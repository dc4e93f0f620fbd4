package io.pistream.contracts;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * One page of raw readings answering a {@link SyncFetch}, oldest first. Values travel as the whole
 * hundredths storage keeps, {@code [ts, temperatureCenti, humidityCenti]} each: exact, and a third of a
 * {@link Reading}'s size.
 *
 * @param more whether the range holds more readings after the last one here
 */
public record SyncRows(List<Row> rows, boolean more) {

  /** One raw reading; temperature in hundredths of a degree Celsius, humidity in hundredths of a percent. */
  public record Row(long ts, int temperatureCenti, int humidityCenti) {
  }

  public SyncRows {
    rows = List.copyOf(rows);
  }

  public JsonObject toJson() {
    JsonArray wire = new JsonArray();
    rows.forEach(r -> wire.add(new JsonArray().add(r.ts()).add(r.temperatureCenti()).add(r.humidityCenti())));
    return new JsonObject().put("rows", wire).put("more", more);
  }

  /** @throws RuntimeException (IllegalArgumentException, ClassCastException) when a field is missing or malformed */
  public static SyncRows fromJson(JsonObject json) {
    List<Row> rows = new ArrayList<>();
    for (Object item : json.getJsonArray("rows", new JsonArray())) {
      JsonArray row = (JsonArray) item;
      rows.add(new Row(row.getLong(0), row.getInteger(1), row.getInteger(2)));
    }
    return new SyncRows(rows, json.getBoolean("more", false));
  }
}
