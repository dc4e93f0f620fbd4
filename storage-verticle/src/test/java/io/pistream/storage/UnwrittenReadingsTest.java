package io.pistream.storage;

import static io.pistream.storage.StorageHarness.T0;
import static io.pistream.storage.StorageHarness.key;
import static io.pistream.storage.StorageHarness.reading;
import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.HistoryQuery;
import io.pistream.contracts.HistoryResult;
import io.pistream.contracts.LatestQuery;
import io.pistream.contracts.Reading;
import io.pistream.contracts.StoreBatch;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * With a long flush window (the default is 12 minutes, for the SD card) queries still show every
 * reading storage accepted: what waits in memory is added to what is stored, and once it is written the
 * answers are the same, nothing counted twice.
 */
@ExtendWith(VertxExtension.class)
class UnwrittenReadingsTest {

  private static final long MINUTE = 60_000;

  @TempDir
  Path dir;

  @Test
  void historyAndLatestIncludeQueuedReadingsAndAgreeWithTheDatabaseOnceWritten(Vertx vertx) {
    StorageHarness storage = new StorageHarness(vertx, dir);
    // A first batch is written at once (flushEveryReadings), the rest waits for a window that never ends here.
    JsonObject section = storage.config().put("flushEveryReadings", 60).put("flushEveryMillis", 3_600_000);
    String deployment = await(storage.deploy(section));
    List<Reading> readings = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      readings.add(reading("s1", T0 + i * 2_000L, 20 + (i % 7) * 0.25, 40 + (i % 5) * 0.5));
    }
    await(storage.request(Addresses.STORAGE_STORE, new StoreBatch(readings.subList(0, 60)).toJson()));
    await(storage.untilRawCount(60));
    await(storage.request(Addresses.STORAGE_STORE, new StoreBatch(readings.subList(60, 100)).toJson()));
    // A resent reading that is stored already must not count twice.
    await(storage.store(readings.get(10)));
    assertThat(await(storage.rawCount())).as("40 readings still wait in memory, fewer than flushEveryReadings").isEqualTo(60);

    HistoryQuery buckets = new HistoryQuery(List.of(key("s1")), T0, T0 + 10 * MINUTE, 1000, false);
    HistoryQuery raw = new HistoryQuery(List.of(key("s1")), T0, T0 + 10 * MINUTE, 1000, true);
    HistoryResult bucketsBefore = await(storage.history(buckets));
    HistoryResult rawBefore = await(storage.history(raw));
    JsonObject latestBefore = await(storage.request(Addresses.STORAGE_LATEST, new LatestQuery(List.of()).toJson()));

    assertThat(rawBefore.series().get(0).points()).hasSize(100);
    assertThat(bucketsBefore.series().get(0).points().stream().mapToLong(p -> p.count()).sum()).isEqualTo(100);
    assertThat(latestBefore.getJsonArray("readings").getJsonObject(0).getLong("ts")).isEqualTo(readings.get(99).ts());

    await(vertx.undeploy(deployment));
    assertThat(await(storage.rawCount())).as("written at stop").isEqualTo(100);
    await(storage.deploy(section));
    assertThat(await(storage.history(buckets))).as("the same buckets from the database alone").isEqualTo(bucketsBefore);
    assertThat(await(storage.history(raw))).isEqualTo(rawBefore);
    assertThat(await(storage.request(Addresses.STORAGE_LATEST, new LatestQuery(List.of()).toJson()))).isEqualTo(latestBefore);
  }

  private static <T> T await(io.vertx.core.Future<T> future) {
    return future.timeout(30, TimeUnit.SECONDS).await();
  }
}
