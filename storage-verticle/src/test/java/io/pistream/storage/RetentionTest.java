package io.pistream.storage;

import static io.pistream.storage.StorageHarness.DAY;
import static io.pistream.storage.StorageHarness.key;
import static io.pistream.storage.StorageHarness.reading;
import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.HistoryPoint;
import io.pistream.contracts.HistoryQuery;
import io.pistream.contracts.HistoryResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class RetentionTest {

  @TempDir
  Path dir;

  @Test
  void rawRowsOlderThanTheRetentionArePrunedInBatchesAndRollupsStay(Vertx vertx, VertxTestContext ctx) {
    long now = System.currentTimeMillis();
    long old = now - 10 * DAY;
    int oldCount = RetentionPruner.BATCH * 2 + 7;
    StorageHarness storage = new StorageHarness(vertx, dir);
    storage.deploy(storage.config())
        .compose(id -> {
          for (int i = 0; i < oldCount; i++) {
            storage.store(reading("s1", old + i * 1000L, 20, 50));
          }
          storage.store(reading("s1", now - 60_000, 21, 51));
          return storage.request(Addresses.STORAGE_SENSORS, new JsonObject()).compose(barrier -> vertx.undeploy(id));
        })
        .compose(v -> storage.rawCount())
        .compose(before -> storage.deploy(storage.config().put("retentionDays", 3)).map(before))
        .compose(before -> storage.untilRawCount(1).map(before))
        .compose(before -> StorageHarness.EVENTUALLY.until(vertx, "the digests of pruned hours to go",
            () -> storage.sql("SELECT count(*) AS n FROM readings_digest").map(rows -> rows.get(0).getLong("n")), n -> n == 1).map(before))
        .compose(before -> Future.all(
            Future.succeededFuture(before),
            storage.history(new HistoryQuery(List.of(key("s1")), old - DAY, now, 20, false)),
            storage.history(new HistoryQuery(List.of(key("s1")), old - DAY, now, 10_000, true))))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          long before = all.resultAt(0);
          assertThat(before).isEqualTo(oldCount + 1);
          HistoryResult rollups = all.resultAt(1);
          assertThat(rollups.series().get(0).points().stream().mapToLong(HistoryPoint::count).sum()).isEqualTo(oldCount + 1);
          HistoryResult raw = all.resultAt(2);
          assertThat(raw.series().get(0).points()).singleElement().satisfies(p -> assertThat(p.ts()).isEqualTo(now - 60_000));
          ctx.completeNow();
        })));
  }
}
