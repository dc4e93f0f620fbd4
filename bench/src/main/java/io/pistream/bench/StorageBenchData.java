package io.pistream.bench;

import io.pistream.storage.SqliteBulkLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generates one year of 2-second readings for two sensors (about 31.5 million raw rows plus their
 * rollups) into a pistream database, once: a later run finds {@value #MARKER} and reuses the file.
 * Usage: {@code StorageBenchData <dataDir>}.
 */
public final class StorageBenchData {

  private static final Logger log = LoggerFactory.getLogger(StorageBenchData.class);

  static final String MARKER = "generated.properties";
  static final String NODE = "bench";
  static final String[] SENSORS = {"a", "b"};
  static final long STEP_MS = 2000;
  static final long DAY_MS = 86_400_000L;
  static final long YEAR_MS = 365 * DAY_MS;

  public static void main(String[] args) throws Exception {
    Path dataDir = Path.of(args.length > 0 ? args[0] : "bench/target/storage-bench/year");
    Path marker = dataDir.resolve(MARKER);
    if (Files.exists(marker)) {
      log.info("reusing {} ({})", dataDir, Files.readString(marker).replace('\n', ' '));
      return;
    }
    // Aligned to a minute, so the series end on a bucket boundary and re-runs are comparable.
    long end = System.currentTimeMillis() / 60_000 * 60_000;
    long start = end - YEAR_MS;
    long started = System.nanoTime();
    Random noise = new Random(7);
    try (SqliteBulkLoader loader = SqliteBulkLoader.open(dataDir)) {
      for (long ts = start; ts < end; ts += STEP_MS) {
        double dayPhase = 2 * Math.PI * Math.floorMod(ts, DAY_MS) / DAY_MS;
        double yearPhase = 2 * Math.PI * (ts - start) / YEAR_MS;
        for (int s = 0; s < SENSORS.length; s++) {
          double temperature = 12 + s * 6 - 8 * Math.cos(yearPhase) + 4 * Math.sin(dayPhase) + noise.nextGaussian() * 0.2;
          double humidity = 55 + 15 * Math.cos(dayPhase + s) + noise.nextGaussian();
          loader.add(NODE, SENSORS[s], ts, temperature, humidity);
        }
        if ((ts - start) % (30 * DAY_MS) == 0) {
          log.info("generated {} of 365 days", (ts - start) / DAY_MS);
        }
      }
      loader.flush();
      double seconds = (System.nanoTime() - started) / 1e9;
      log.info("generated {} readings in {} s ({} rows/s)", loader.inserted(), Math.round(seconds),
          Math.round(loader.inserted() / seconds));
      Properties properties = new Properties();
      properties.setProperty("start", Long.toString(start));
      properties.setProperty("end", Long.toString(end));
      properties.setProperty("readings", Long.toString(loader.inserted()));
      properties.setProperty("seconds", Long.toString(Math.round(seconds)));
      try (var out = Files.newBufferedWriter(marker)) {
        properties.store(out, "storage benchmark data");
      }
    }
  }

  private StorageBenchData() {
  }
}
