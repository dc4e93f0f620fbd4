package io.pistream.storage;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.Reading;
import io.pistream.contracts.StoreBatch;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;

/**
 * The process {@link KillTrials} kills. {@code feed <dataDir> <storage config JSON> <t0> <first seq>
 * <pause ms>}: deploys the storage verticle and hands it readings through {@link Addresses#STORAGE_STORE}
 * as a sensor node does, printing {@code TRIAL acked <seq> <epoch ms>} for each acknowledged batch.
 * {@code migrate <dataDir>}: runs the real migrations followed by a long one of its own. Lines for the
 * trials start with {@value #PREFIX}; everything else is the log.
 */
public final class KillTrialNode {

  static final String PREFIX = "TRIAL ";
  static final String NODE = "trial";
  static final int SENSORS = 4;
  static final int BATCH = 100;
  static final long STEP_MS = 2000;
  static final int BIG_ROWS = 1_500_000;

  private static final PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);

  public static void main(String[] args) throws Exception {
    Path dataDir = Path.of(args[1]);
    if (args[0].equals("migrate")) {
      migrate(dataDir);
    } else {
      feed(dataDir, new JsonObject(args[2]), Long.parseLong(args[3]), Long.parseLong(args[4]), Long.parseLong(args[5]));
    }
  }

  /** Reading number {@code seq}: the sensors take turns, each one every 2 s from {@code t0}. */
  static Reading reading(long t0, long seq) {
    return new Reading(NODE, sensor(seq), ts(t0, seq), 20 + (seq % 1000) / 100.0, 40 + seq % 37);
  }

  static String sensor(long seq) {
    return "s" + seq % SENSORS;
  }

  static long ts(long t0, long seq) {
    return t0 + seq / SENSORS * STEP_MS;
  }

  private static void feed(Path dataDir, JsonObject settings, long t0, long firstSeq, long pauseMs) throws Exception {
    Vertx vertx = Vertx.vertx();
    JsonObject config = settings.copy().put("dataDir", dataDir.toString())
        .put("node", new JsonObject().put("id", NODE).put("name", NODE));
    vertx.deployVerticle(new StorageVerticle(), new DeploymentOptions().setConfig(config)).await();
    out.println(PREFIX + "ready");
    long seq = firstSeq;
    while (true) {
      List<Reading> batch = new ArrayList<>(BATCH);
      for (int i = 0; i < BATCH; i++) {
        batch.add(reading(t0, seq + i));
      }
      try {
        vertx.eventBus().request(Addresses.STORAGE_STORE, new StoreBatch(batch).toJson()).await();
      } catch (Exception refused) {
        // A full backlog: keep the batch and send it again, as a sensor node does.
        Thread.sleep(10);
        continue;
      }
      seq += BATCH;
      out.println(PREFIX + "acked " + (seq - 1) + " " + System.currentTimeMillis());
      if (pauseMs > 0) {
        Thread.sleep(pauseMs);
      }
    }
  }

  private static void migrate(Path dataDir) throws Exception {
    Path file = dataDir.resolve(StorageConfig.DATABASE_FILE);
    List<List<String>> migrations = new ArrayList<>(SchemaMigrator.MIGRATIONS);
    migrations.add(List.of(
        "CREATE TABLE trial_big (id INTEGER PRIMARY KEY, v TEXT NOT NULL)",
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + BIG_ROWS + ")"
            + " INSERT INTO trial_big SELECT i, hex(randomblob(24)) FROM n",
        "CREATE INDEX trial_big_v ON trial_big (v)"));
    try (Connection connection = DriverManager.getConnection(SqliteDatabase.writerUrl(file, "full"))) {
      out.println(PREFIX + "migrating");
      SchemaMigrator.migrate(connection, file, migrations);
      out.println(PREFIX + "migrated");
      Thread.sleep(Long.MAX_VALUE);
    }
  }

  private KillTrialNode() {
  }
}
