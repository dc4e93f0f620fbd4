package io.pistream.contracts;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer to a {@link SyncDigest}: the buckets whose digests differ between the two nodes and that
 * the answering node holds readings in, so the asker may find readings there that it lacks.
 */
public record SyncDiff(List<Differing> sensors) {

  /** @param starts the differing buckets' starts, epoch ms */
  public record Differing(SensorKey sensor, List<Long> starts) {

    public Differing {
      starts = List.copyOf(starts);
    }
  }

  public SyncDiff {
    sensors = List.copyOf(sensors);
  }

  public JsonObject toJson() {
    JsonArray wire = new JsonArray();
    sensors.forEach(d -> wire.add(d.sensor().toJson().put("starts", new JsonArray(new ArrayList<>(d.starts())))));
    return new JsonObject().put("sensors", wire);
  }

  /** @throws RuntimeException (IllegalArgumentException, ClassCastException) when a field is missing or malformed */
  public static SyncDiff fromJson(JsonObject json) {
    List<Differing> sensors = new ArrayList<>();
    for (Object item : json.getJsonArray("sensors", new JsonArray())) {
      JsonObject sensor = (JsonObject) item;
      List<Long> starts = new ArrayList<>();
      sensor.getJsonArray("starts", new JsonArray()).forEach(s -> starts.add(((Number) s).longValue()));
      sensors.add(new Differing(SensorKey.fromJson(sensor), starts));
    }
    return new SyncDiff(sensors);
  }
}
