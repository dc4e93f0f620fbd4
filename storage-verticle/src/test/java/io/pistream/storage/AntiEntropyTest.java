package io.pistream.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.Reading;
import io.pistream.contracts.StoreBatch;
import io.pistream.testing.Eventually;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two storage nodes on one Vert.x, each with its own database: whatever one missed while it was not
 * there, it fetches from the other, and the other fetches what only it had, without waiting for the
 * period (an hour here): a node that appears or restarts is compared with at once.
 */
@ExtendWith(VertxExtension.class)
class AntiEntropyTest {

  private static final Logger log = LoggerFactory.getLogger(AntiEntropyTest.class);
  private static final long HOUR = 3_600_000L;
  private static final Eventually CONVERGED = Eventually.within(Duration.ofSeconds(60)).every(Duration.ofMillis(200));
  private static final List<String> TABLES = List.of(
      "SELECT s.node, s.sensor, t.ts AS t, t.temperature_centi AS a, t.humidity_centi AS b, 0 AS c FROM readings_raw t",
      "SELECT s.node, s.sensor, t.bucket AS t, t.count AS a, t.hash_a AS b, t.hash_b AS c FROM readings_digest t",
      rollup("readings_minute"), rollup("readings_hour"), rollup("readings_day"));

  @TempDir
  Path dir;

  @Test
  void storageNodesThatMissedReadingsWhileAwayFetchThemAndEndIdentical(Vertx vertx, VertxTestContext ctx) throws Exception {
    // Hours ago: within the compared window, and long settled.
    long base = System.currentTimeMillis() / HOUR * HOUR - 5 * HOUR;
    try (SqliteBulkLoader loader = SqliteBulkLoader.open(dir.resolve("b"))) {
      for (int i = 0; i < 300; i++) {
        // A day earlier: the rounds must find the differing day, not just the hour.
        loader.add("satellite", "only-in-b", base - 24 * HOUR + i * 4000L, -5 + i / 100.0, 70);
        loader.add(StorageHarness.NODE, "s1", base + 2 * HOUR + i * 6000L + 3000, 30, 40);
      }
    }
    StorageHarness a = new StorageHarness(vertx, dir.resolve("a"), "store-a");
    StorageHarness b = new StorageHarness(vertx, dir.resolve("b"), "store-b");
    JsonObject section = new JsonObject().put("flushEveryMillis", 50).put("antiEntropy", new JsonObject().put("everySeconds", 3600));
    long[] joinedAt = new long[1];
    long[] restartedAt = new long[1];
    String[] bId = new String[1];

    a.deploy(a.config().mergeIn(section), new StorageVerticle(true))
        // Only A stores these: B is not there yet.
        // 1800 readings an hour: two pages each to fetch.
        .compose(id -> storeEvery(a, base, 3 * HOUR, 2000))
        .compose(v -> a.untilRawCount(5400))
        .compose(v -> {
          joinedAt[0] = System.currentTimeMillis();
          return b.deploy(b.config().mergeIn(section), new StorageVerticle(true));
        })
        .compose(id -> {
          bId[0] = id;
          return converged(a, b, 5400 + 600);
        })
        .compose(v -> {
          log.info("a joining storage node and the one there converged in {} ms", System.currentTimeMillis() - joinedAt[0]);
          return vertx.undeploy(bId[0]);
        })
        // B is away: A alone stores another hour.
        .compose(v -> storeEvery(a, base + 3 * HOUR, HOUR, 2000))
        .compose(v -> a.untilRawCount(6000 + 1800))
        .compose(v -> {
          restartedAt[0] = System.currentTimeMillis();
          return b.deploy(b.config().mergeIn(section), new StorageVerticle(true));
        })
        .compose(id -> converged(a, b, 6000 + 1800))
        .onComplete(ctx.succeeding(v -> {
          log.info("a restarted storage node caught up in {} ms", System.currentTimeMillis() - restartedAt[0]);
          ctx.completeNow();
        }));
  }

  /** One reading of sensor s1 every {@code stepMs} in {@code [from, from + spanMs)}, in acknowledged batches of 500. */
  private static Future<Void> storeEvery(StorageHarness storage, long from, long spanMs, long stepMs) {
    Future<Void> chain = Future.succeededFuture();
    List<Reading> batch = new ArrayList<>();
    for (long ts = from; ts < from + spanMs; ts += stepMs) {
      batch.add(StorageHarness.reading("s1", ts, 20 + (ts / stepMs) % 50 / 10.0, 45));
      if (batch.size() == 500 || ts + stepMs >= from + spanMs) {
        JsonObject body = new StoreBatch(batch).toJson();
        batch = new ArrayList<>();
        chain = chain.compose(v -> storage.request(Addresses.STORAGE_STORE, body).mapEmpty());
      }
    }
    return chain;
  }

  /** Completes once both databases hold {@code rawCount} raw rows, then checks every table is the same in both. */
  private static Future<Void> converged(StorageHarness a, StorageHarness b, long rawCount) {
    return CONVERGED.until(a.vertx, "both databases to hold " + rawCount + " raw readings",
            () -> Future.all(a.rawCount(), b.rawCount()).map(counts -> List.of(counts.<Long>resultAt(0), counts.<Long>resultAt(1))),
            counts -> counts.get(0) == rawCount && counts.get(1) == rawCount)
        .compose(v -> CONVERGED.until(a.vertx, "the same raw rows, digests and rollups in both databases",
            () -> Future.all(dump(a), dump(b)).map(dumps -> dumps.<List<List<JsonObject>>>resultAt(0).equals(dumps.resultAt(1))),
            Boolean.TRUE::equals))
        .compose(v -> dump(a))
        .map(tables -> {
          assertThat(tables.get(0)).hasSize((int) rawCount);
          assertThat(tables.get(1).stream().mapToLong(r -> r.getLong("a")).sum()).isEqualTo(rawCount);
          assertThat(tables.get(4).stream().mapToLong(r -> r.getLong("a")).sum()).isEqualTo(rawCount);
          return null;
        });
  }

  private static Future<List<List<JsonObject>>> dump(StorageHarness storage) {
    List<Future<List<JsonObject>>> tables = TABLES.stream()
        .map(select -> storage.sql(select + " JOIN sensors s ON s.id = t.sensor_id ORDER BY s.node, s.sensor, t"))
        .toList();
    return Future.all(tables).map(all -> tables.stream().map(Future::result).toList());
  }

  private static String rollup(String table) {
    return "SELECT s.node, s.sensor, t.bucket AS t, t.count AS a, t.temperature_sum * 1000003 + t.humidity_sum AS b,"
        + " ((t.temperature_min * 1000003 + t.temperature_max) * 1000003 + t.humidity_min) * 1000003 + t.humidity_max AS c FROM " + table + " t";
  }
}
