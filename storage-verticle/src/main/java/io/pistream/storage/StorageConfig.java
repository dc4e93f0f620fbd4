package io.pistream.storage;

import io.pistream.contracts.ConfigException;
import io.pistream.contracts.ConfigReader;
import io.pistream.contracts.ConfigSections;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;

/** The {@code storage} section of the config, validated; every error names the full setting path. */
record StorageConfig(
    Path dataDir,
    int flushEveryReadings,
    long flushEveryMillis,
    int maxPendingReadings,
    int retentionDays,
    long pruneEveryMinutes,
    int readerPoolSize,
    String synchronous,
    long statusEverySeconds,
    String checkAtStart) {

  static final String SECTION = ConfigSections.STORAGE;
  static final String DATABASE_FILE = "pistream.db";

  static StorageConfig from(JsonObject config) {
    ConfigReader reader = new ConfigReader(config, SECTION);
    String dataDir = reader.string("dataDir", "./data");
    if (dataDir.isBlank()) {
      throw new ConfigException(reader.path("dataDir") + " must not be empty");
    }
    int flushEveryReadings = (int) reader.integer("flushEveryReadings", 5000, 1, 1_000_000);
    int maxPending = (int) reader.integer("maxPendingReadings", 200_000, 1, 10_000_000);
    if (maxPending < flushEveryReadings) {
      throw new ConfigException(reader.path("maxPendingReadings") + " must be at least "
          + reader.path("flushEveryReadings") + " (" + flushEveryReadings + "), got " + maxPending);
    }
    return new StorageConfig(
        Path.of(dataDir),
        flushEveryReadings,
        reader.integer("flushEveryMillis", 720_000, 10, 3_600_000),
        maxPending,
        (int) reader.integer("retentionDays", 30, 0, 36_500),
        reader.integer("pruneEveryMinutes", 60, 1, 10_080),
        (int) reader.integer("readerPoolSize", 2, 1, 16),
        reader.oneOf("synchronous", "full", List.of("full", "normal")),
        reader.integer("statusEverySeconds", 10, 1, 3600),
        reader.oneOf("checkAtStart", "auto", List.of("auto", "always", "never")));
  }

  Path databaseFile() {
    return dataDir.resolve(DATABASE_FILE);
  }

  String dataDirPath() {
    return SECTION + ".dataDir";
  }
}
