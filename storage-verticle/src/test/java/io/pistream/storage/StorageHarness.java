package io.pistream.storage;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.HistoryQuery;
import io.pistream.contracts.HistoryResult;
import io.pistream.contracts.Reading;
import io.pistream.contracts.SensorKey;
import io.pistream.contracts.StoreBatch;
import io.pistream.testing.Eventually;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Plays the storage verticle's peers in tests: deploys it on a temporary directory, hands it readings, asks. */
final class StorageHarness {

  static final String NODE = "test-node";
  static final long DAY = 86_400_000L;
  /** 2025-01-01T00:00:00Z: a fixed, aligned origin so bucket boundaries are easy to reason about. */
  static final long T0 = 1_735_689_600_000L;
  /** Asked often: most tests flush every 50 ms. */
  static final Eventually EVENTUALLY = Eventually.within(Duration.ofSeconds(20)).every(Duration.ofMillis(25));

  final Vertx vertx;
  final Path dataDir;
  /** The id of the node the verticle runs on, which is not necessarily the readings' node. */
  final String storageNode;

  StorageHarness(Vertx vertx, Path dataDir) {
    this(vertx, dataDir, NODE);
  }

  StorageHarness(Vertx vertx, Path dataDir, String storageNode) {
    this.vertx = vertx;
    this.dataDir = dataDir;
    this.storageNode = storageNode;
  }

  JsonObject config() {
    // Test data lies in 2025: keep it from the retention unless a test is about pruning.
    return new JsonObject().put("dataDir", dataDir.toString()).put("retentionDays", 0);
  }

  Future<String> deploy(JsonObject section) {
    return deploy(section, new StorageVerticle());
  }

  Future<String> deploy(JsonObject section, StorageVerticle verticle) {
    JsonObject config = section.copy().put("node", new JsonObject().put("id", storageNode).put("name", storageNode));
    return vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config));
  }

  static Reading reading(String sensor, long ts, double temperature, double humidity) {
    return new Reading(NODE, sensor, ts, temperature, humidity);
  }

  static SensorKey key(String sensor) {
    return new SensorKey(NODE, sensor);
  }

  /** Hands one reading to storage the way a sensor node does; the future holds the acknowledgement. */
  Future<JsonObject> store(Reading reading) {
    return request(Addresses.STORAGE_STORE, new StoreBatch(List.of(reading)).toJson());
  }

  Future<JsonObject> request(String address, Object body) {
    return vertx.eventBus().<JsonObject>request(address, body).map(m -> m.body());
  }

  Future<HistoryResult> history(HistoryQuery query) {
    return request(Addresses.STORAGE_HISTORY, query.toJson()).map(HistoryResult::fromJson);
  }

  /** Completes once readings_raw holds exactly {@code count} rows. */
  Future<Void> untilRawCount(long count) {
    return EVENTUALLY.until(vertx, count + " rows in readings_raw", this::rawCount, n -> n == count).mapEmpty();
  }

  /** Runs one SELECT directly on the database file (off the event loop); rows as column-name maps. */
  Future<List<JsonObject>> sql(String select) {
    return vertx.executeBlocking(() -> {
      try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(StorageConfig.DATABASE_FILE));
          Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery(select)) {
        List<JsonObject> result = new ArrayList<>();
        ResultSetMetaData meta = rows.getMetaData();
        while (rows.next()) {
          JsonObject row = new JsonObject();
          for (int i = 1; i <= meta.getColumnCount(); i++) {
            row.put(meta.getColumnLabel(i), rows.getObject(i));
          }
          result.add(row);
        }
        return result;
      }
    });
  }

  Future<Long> rawCount() {
    return sql("SELECT count(*) AS n FROM readings_raw").map(rows -> ((Number) rows.get(0).getValue("n")).longValue());
  }
}
