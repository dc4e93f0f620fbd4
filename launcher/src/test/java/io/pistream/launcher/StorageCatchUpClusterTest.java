package io.pistream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.testing.Eventually;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two storage nodes in JVMs of their own, clustered over Hazelcast on 127.0.0.1: {@code node-a}
 * (storage + a sensor read every second) and {@code hub} (storage). The hub is stopped for a while;
 * once it is back, it holds every reading node A took meanwhile, although nothing resends them: it
 * fetches them by anti-entropy, long before the period (60 s) comes round.
 */
class StorageCatchUpClusterTest {

  private static final Logger log = LoggerFactory.getLogger(StorageCatchUpClusterTest.class);
  private static final Eventually EVENTUALLY = Eventually.within(Duration.ofSeconds(60)).every(Duration.ofMillis(250));

  @TempDir
  Path dir;

  private final List<NodeProcess> nodes = new ArrayList<>();

  @AfterEach
  void killAll() throws InterruptedException {
    for (NodeProcess node : nodes) {
      node.kill();
    }
  }

  @Test
  void aStorageNodeStoppedForAWhileFetchesTheReadingsItMissedAfterItsRestart() throws Exception {
    int hzHub = NodeProcess.freePort();
    int hzA = NodeProcess.freePort();
    JsonArray members = new JsonArray().add("127.0.0.1:" + hzHub).add("127.0.0.1:" + hzA);
    Path hubDb = dir.resolve("hub-data").resolve("pistream.db");
    Path aDb = dir.resolve("a-data").resolve("pistream.db");
    Path hubConfig = write("hub.yaml", new JsonObject()
        .put("node", new JsonObject().put("id", "hub").put("roles", new JsonArray().add("storage")))
        .put("cluster", cluster(hzHub, members))
        // Nodes without the web role still serve their probes and metrics: on any free port here.
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", 0))
        .put("storage", storage(dir.resolve("hub-data"))));
    Path aConfig = write("node-a.yaml", new JsonObject()
        .put("node", new JsonObject().put("id", "node-a").put("roles", new JsonArray().add("storage").add("sensor")))
        .put("cluster", cluster(hzA, members))
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", 0))
        .put("storage", storage(dir.resolve("a-data")))
        .put("sensor", new JsonObject().put("sensors", new JsonArray().add(new JsonObject()
            .put("id", "ceiling").put("driver", "simulated").put("intervalSeconds", 1)))));

    NodeProcess hub = start("hub", hubConfig);
    start("node-a", aConfig);
    await("both databases to hold readings", () -> count(hubDb, 0, Long.MAX_VALUE) > 3 && count(aDb, 0, Long.MAX_VALUE) > 3);

    hub.stop();
    long stoppedAt = System.currentTimeMillis();
    await("node A to store ten readings alone", () -> count(aDb, stoppedAt + 1000, Long.MAX_VALUE) >= 10);
    long restartedAt = System.currentTimeMillis();
    start("hub", hubConfig);
    log.info("hub was away for {} ms", restartedAt - stoppedAt);

    // Every reading up to the restart: the outage's come only from node A's database.
    List<List<Long>> caughtUp = await("the hub to hold every reading node A took until the restart",
        () -> List.of(timestamps(hubDb, restartedAt), timestamps(aDb, restartedAt)),
        both -> both.get(0).equals(both.get(1)));
    long tookMs = System.currentTimeMillis() - restartedAt;
    log.info("hub holds all {} readings, {} of them taken while it was away, {} ms after its restart",
        caughtUp.get(0).size(), count(aDb, stoppedAt, restartedAt), tookMs);
    assertThat(count(hubDb, stoppedAt + 1000, restartedAt)).isGreaterThanOrEqualTo(10);
    assertThat(tookMs).isLessThan(50_000);
  }

  private NodeProcess start(String id, Path config) throws IOException {
    NodeProcess node = new NodeProcess(id, config, dir.resolve(id + ".log")).start();
    nodes.add(node);
    return node;
  }

  private static JsonObject cluster(int hzPort, JsonArray members) {
    return new JsonObject().put("enabled", true).put("host", "127.0.0.1").put("port", hzPort).put("members", members)
        .put("eventBusPort", 0);
  }

  private static JsonObject storage(Path dataDir) {
    return new JsonObject().put("dataDir", dataDir.toString()).put("flushEveryMillis", 100);
  }

  /** JSON is YAML, so the config is written as JSON. */
  private Path write(String name, JsonObject config) throws IOException {
    return Files.writeString(dir.resolve(name), config.encodePrettily());
  }

  private interface Check<T> {
    T get() throws Exception;
  }

  private void await(String awaited, Check<Boolean> check) throws InterruptedException {
    await(awaited, check::get, Boolean.TRUE::equals);
  }

  /** The first answer that holds; the nodes' logs join the error if none does. */
  private <T> T await(String awaited, Check<T> check, java.util.function.Predicate<T> holds) throws InterruptedException {
    try {
      return EVENTUALLY.blockingUntil(awaited, check::get, holds);
    } catch (AssertionError notReached) {
      StringBuilder logs = new StringBuilder(notReached.getMessage());
      for (NodeProcess node : nodes) {
        String text = node.logText();
        logs.append("\n--- ").append(node.id).append(" ---\n").append(text.length() > 5000 ? text.substring(text.length() - 5000) : text);
      }
      throw new AssertionError(logs.toString(), notReached.getCause());
    }
  }

  /** The timestamps of node A's sensor up to {@code until}, read straight from a node's SQLite file. */
  private static List<Long> timestamps(Path database, long until) throws SQLException {
    List<Long> timestamps = new ArrayList<>();
    query(database, "SELECT ts FROM readings_raw WHERE ts <= ? ORDER BY ts", until, rows -> timestamps.add(rows.getLong(1)));
    return timestamps;
  }

  private static long count(Path database, long from, long until) throws SQLException {
    long[] count = new long[1];
    query(database, "SELECT count(*) FROM readings_raw WHERE ts >= " + from + " AND ts <= ?", until, rows -> count[0] = rows.getLong(1));
    return count[0];
  }

  private interface RowReader {
    void read(ResultSet rows) throws SQLException;
  }

  private static void query(Path database, String sql, long until, RowReader reader) throws SQLException {
    if (!Files.exists(database)) {
      throw new SQLException(database + " does not exist yet");
    }
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:file:" + database + "?mode=ro");
        PreparedStatement query = connection.prepareStatement(sql)) {
      query.setLong(1, until);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          reader.read(rows);
        }
      }
    }
  }
}
