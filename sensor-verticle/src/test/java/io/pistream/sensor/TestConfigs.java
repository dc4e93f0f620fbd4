package io.pistream.sensor;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Verticle configs as the launcher builds them: the sensor section plus {@code node}. */
final class TestConfigs {

  static final String NODE = "test-node";

  /** A sensor polled every 0.1 s that fails fast: no retries, quick state changes. */
  static JsonObject fastSensor(String id) {
    return new JsonObject()
        .put("id", id)
        .put("driver", "simulated")
        .put("intervalSeconds", 0.1)
        .put("retries", 0)
        .put("failingAfterPolls", 2)
        .put("offlineAfterIntervals", 1000);
  }

  /** Every config spools into a directory of its own, never into the module's ./data. */
  static JsonObject verticleConfig(JsonObject... sensors) {
    return new JsonObject()
        .put("statusEverySeconds", 3600)
        .put("delivery", new JsonObject().put("spoolDir", freshDirectory().toString()))
        .put("sensors", new JsonArray(java.util.List.of((Object[]) sensors)))
        .put("node", new JsonObject().put("id", NODE).put("name", "Test node"));
  }

  static Path freshDirectory() {
    try {
      Path dir = Files.createTempDirectory("pistream-spool-test");
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private TestConfigs() {
  }
}
