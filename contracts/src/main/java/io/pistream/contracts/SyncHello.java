package io.pistream.contracts;

import io.vertx.core.json.JsonObject;

/**
 * A storage node announcing itself on {@link Addresses#STORAGE_SYNC_HELLO}.
 *
 * @param node its node id, which names its {@link Addresses#storageSyncDigest} and {@link Addresses#storageSyncFetch}
 * @param started when its storage started, epoch ms: a new value means it restarted and may have missed readings
 */
public record SyncHello(String node, long started) {

  public SyncHello {
    Messages.requireText(node, "node");
  }

  public JsonObject toJson() {
    return new JsonObject().put("node", node).put("started", started);
  }

  /** @throws IllegalArgumentException naming the missing or malformed field */
  public static SyncHello fromJson(JsonObject json) {
    return new SyncHello(json.getString("node"), Messages.requireLong(json, "started"));
  }
}
