package io.pistream.storage;

import io.pistream.contracts.ConfigReader;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * The {@code storage.antiEntropy} section: how often a storage node compares its raw readings with each
 * other storage node's, and how far back.
 *
 * @param everyMs period of the comparisons and of the hello that announces this node
 * @param windowMs how far back readings are compared: {@code windowDays}, and never past the raw retention
 * @param settleMs how recent readings are left out, because they may still be arriving
 */
record AntiEntropyConfig(long everyMs, long windowMs, long settleMs) {

  static AntiEntropyConfig from(JsonObject config, StorageConfig storage) {
    ConfigReader reader = new ConfigReader(config, StorageConfig.SECTION).section("antiEntropy");
    long windowDays = reader.integer("windowDays", 30, 1, 3650);
    if (storage.retentionDays() > 0) {
      windowDays = Math.min(windowDays, storage.retentionDays());
    }
    return new AntiEntropyConfig(
        Duration.ofSeconds(reader.integer("everySeconds", 60, 1, 86_400)).toMillis(),
        Duration.ofDays(windowDays).toMillis(),
        // A reading is stored and offered to the other storage nodes within a flush or two.
        10_000 + 2 * storage.flushEveryMillis());
  }
}
