package io.pistream.contracts;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * One storage node's digests of its raw readings, sent to another on {@link Addresses#storageSyncDigest}
 * to learn where they differ ({@link SyncDiff}). Buckets are {@code width} ms long, aligned on
 * {@code since}, and cut to each scope.
 *
 * @param from the asking node's id
 * @param since start of the compared window (a whole hour), epoch ms
 * @param until end of the compared window, epoch ms: readings newer than this are still arriving
 * @param width bucket width in ms
 * @param all whether the asked node should also report the sensors the asker does not list
 * @param scopes what is compared, per sensor
 */
public record SyncDigest(String from, long since, long until, long width, boolean all, List<Scope> scopes) {

  /**
   * A time range of one sensor and the asker's non-empty buckets in it.
   *
   * @param from start, epoch ms, inclusive
   * @param to end, epoch ms, exclusive
   */
  public record Scope(SensorKey sensor, long from, long to, List<Bucket> buckets) {

    public Scope {
      buckets = List.copyOf(buckets);
    }
  }

  /**
   * The digest of the raw readings in one bucket: their count and the sums of two hashes of each
   * reading's time and values. On the wire {@code [start, count, hashA, hashB]}.
   */
  public record Bucket(long start, long count, long hashA, long hashB) {
  }

  public SyncDigest {
    Messages.requireText(from, "from");
    if (width <= 0 || until <= since) {
      throw new IllegalArgumentException("width must be positive and until after since");
    }
    scopes = List.copyOf(scopes);
  }

  public JsonObject toJson() {
    JsonArray wire = new JsonArray();
    for (Scope scope : scopes) {
      JsonArray buckets = new JsonArray();
      scope.buckets().forEach(b -> buckets.add(new JsonArray().add(b.start()).add(b.count()).add(b.hashA()).add(b.hashB())));
      wire.add(scope.sensor().toJson().put("from", scope.from()).put("to", scope.to()).put("buckets", buckets));
    }
    return new JsonObject().put("from", from).put("since", since).put("until", until).put("width", width).put("all", all)
        .put("scopes", wire);
  }

  /** @throws RuntimeException (IllegalArgumentException, ClassCastException) when a field is missing or malformed */
  public static SyncDigest fromJson(JsonObject json) {
    List<Scope> scopes = new ArrayList<>();
    for (Object item : json.getJsonArray("scopes", new JsonArray())) {
      JsonObject scope = (JsonObject) item;
      List<Bucket> buckets = new ArrayList<>();
      for (Object b : scope.getJsonArray("buckets", new JsonArray())) {
        JsonArray bucket = (JsonArray) b;
        buckets.add(new Bucket(bucket.getLong(0), bucket.getLong(1), bucket.getLong(2), bucket.getLong(3)));
      }
      scopes.add(new Scope(SensorKey.fromJson(scope), Messages.requireLong(scope, "from"), Messages.requireLong(scope, "to"), buckets));
    }
    return new SyncDigest(json.getString("from"), Messages.requireLong(json, "since"), Messages.requireLong(json, "until"),
        Messages.requireLong(json, "width"), json.getBoolean("all", false), scopes);
  }
}
