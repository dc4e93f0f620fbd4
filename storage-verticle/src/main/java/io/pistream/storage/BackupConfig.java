package io.pistream.storage;

import io.pistream.contracts.ConfigReader;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/**
 * The {@code storage.backup} section: scheduled backups.
 *
 * @param everyHours hours between backups; 0: no scheduled backups
 * @param dir where they go; empty in the config: {@code <dataDir>/backups}
 * @param keep how many of them are kept; older ones are deleted after each new one
 */
record BackupConfig(long everyHours, Path dir, int keep) {

  static BackupConfig from(JsonObject config, StorageConfig storage) {
    ConfigReader reader = new ConfigReader(config, StorageConfig.SECTION).section("backup");
    String dir = reader.string("dir", "").trim();
    return new BackupConfig(
        reader.integer("everyHours", 0, 0, 8760),
        dir.isEmpty() ? storage.dataDir().resolve("backups") : Path.of(dir),
        (int) reader.integer("keep", 7, 1, 1000));
  }

  boolean enabled() {
    return everyHours > 0;
  }
}
