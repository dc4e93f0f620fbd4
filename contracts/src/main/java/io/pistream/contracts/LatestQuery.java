package io.pistream.contracts;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Request for {@link Addresses#STORAGE_LATEST}: the newest stored reading of each named sensor, or of
 * every sensor when the list is empty. The reply is {@code {"readings": [Reading...]}}.
 */
public record LatestQuery(List<SensorKey> sensors) {

  public LatestQuery {
    sensors = List.copyOf(sensors);
  }

  public JsonObject toJson() {
    return new JsonObject().put("sensors", new JsonArray(sensors.stream().map(SensorKey::toJson).toList()));
  }

  public static LatestQuery fromJson(JsonObject json) {
    JsonArray sensors = json.getJsonArray("sensors", new JsonArray());
    return new LatestQuery(sensors.stream().map(o -> SensorKey.fromJson((JsonObject) o)).toList());
  }
}
