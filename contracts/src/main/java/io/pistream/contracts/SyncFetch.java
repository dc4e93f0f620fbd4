package io.pistream.contracts;

import io.vertx.core.json.JsonObject;

/**
 * Asks a storage node on {@link Addresses#storageSyncFetch} for one page of its raw readings of one
 * sensor, oldest first; the answer is {@link SyncRows}.
 *
 * @param from epoch ms, inclusive
 * @param to epoch ms, exclusive
 * @param limit readings at most
 */
public record SyncFetch(SensorKey sensor, long from, long to, int limit) {

  public SyncFetch {
    if (sensor == null) {
      throw new IllegalArgumentException("sensor is missing");
    }
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive");
    }
  }

  public JsonObject toJson() {
    return sensor.toJson().put("from", from).put("to", to).put("limit", limit);
  }

  /** @throws IllegalArgumentException naming the missing or malformed field */
  public static SyncFetch fromJson(JsonObject json) {
    return new SyncFetch(SensorKey.fromJson(json), Messages.requireLong(json, "from"), Messages.requireLong(json, "to"),
        (int) Messages.requireLong(json, "limit"));
  }
}
