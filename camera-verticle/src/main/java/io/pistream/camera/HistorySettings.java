package io.pistream.camera;

import io.pistream.contracts.ConfigException;
import io.pistream.contracts.ConfigReader;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The history pictures one camera keeps ({@code camera.cameras[i].history}), validated. Off unless
 * {@code everyMinutes} is set: a camera in a bedroom keeps nothing unless its owner asks.
 *
 * @param everyMinutes one picture every this many minutes; 0 keeps none
 * @param width width of the kept pictures in pixels; smaller frames are kept as they are
 * @param maxBytes the size bound of the camera's pictures; the oldest go beyond it
 * @param keepAllMs every picture younger than this is kept
 * @param keepHourlyMs older ones are thinned to one per clock hour up to this age, and deleted after it
 */
record HistorySettings(int everyMinutes, int width, long maxBytes, long keepAllMs, long keepHourlyMs) {

  static final HistorySettings OFF = new HistorySettings(0, 640, 500L * 1024 * 1024, TimeUnit.HOURS.toMillis(24), TimeUnit.DAYS.toMillis(365));
  /** The directory under the data dir that holds one directory per node and camera. */
  static final String DIRECTORY = "camera-history";

  private static final Set<String> KEYS = Set.of("everyMinutes", "width", "maxMegabytes", "keepAllHours", "keepHourlyDays");

  boolean enabled() {
    return everyMinutes > 0;
  }

  long everyMs() {
    return TimeUnit.MINUTES.toMillis(everyMinutes);
  }

  /** Where a camera's pictures live: {@code <dataDir>/camera-history/<node>/<camera>}. */
  static Path directory(Path dataDir, String node, String camera) {
    return dataDir.resolve(DIRECTORY).resolve(node).resolve(camera);
  }

  /** Reads {@code history} of one camera's section; absent means off. */
  static HistorySettings parse(ConfigReader camera) {
    ConfigReader history = camera.section("history");
    for (String key : history.json().fieldNames()) {
      if (!KEYS.contains(key)) {
        throw new ConfigException(history.path(key) + " is not a setting; expected one of "
            + String.join(", ", KEYS.stream().sorted().toList()));
      }
    }
    return new HistorySettings(
        (int) history.integer("everyMinutes", 0, 0, 1_440),
        (int) history.integer("width", OFF.width(), 16, 8_192),
        history.integer("maxMegabytes", OFF.maxBytes() / (1024 * 1024), 1, 1_000_000) * 1024 * 1024,
        TimeUnit.HOURS.toMillis(history.integer("keepAllHours", 24, 0, 87_600)),
        TimeUnit.DAYS.toMillis(history.integer("keepHourlyDays", 365, 0, 36_500)));
  }
}
