package io.pistream.storage;

import static io.pistream.storage.StorageHarness.T0;
import static io.pistream.storage.StorageHarness.reading;
import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.Reading;
import io.pistream.contracts.StorageState;
import io.pistream.contracts.StorageStatus;
import io.pistream.contracts.StoreBatch;
import io.pistream.testing.BusRecorder;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The database file disappears or is swapped under a running storage verticle. */
@ExtendWith(VertxExtension.class)
class DatabaseFileGoneTest {

  @TempDir
  Path dir;

  @Test
  void aDeletedDatabaseIsCopiedBackFromTheOpenOneAndNothingIsLost(Vertx vertx, VertxTestContext ctx) {
    StorageHarness storage = new StorageHarness(vertx, dir.resolve("data"));
    BusRecorder.on(vertx, Addresses.STORAGE_STATUS).compose(statuses -> storage.deploy(storage.config().put("flushEveryMillis", 50))
        .compose(id -> storage.request(Addresses.STORAGE_STORE, batch(0, 10)))
        .compose(ack -> storage.untilRawCount(10))
        .compose(v -> vertx.executeBlocking(() -> {
          // As `rm -r data` would: the database, its log and its index, and the directory.
          try (var files = Files.walk(dir.resolve("data"))) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
          }
          return Files.exists(dir.resolve("data"));
        }))
        .compose(stillThere -> {
          ctx.verify(() -> assertThat(stillThere).isFalse());
          return storage.request(Addresses.STORAGE_STORE, batch(10, 10));
        })
        .compose(ack -> written(vertx, statuses, 20)))
        .compose(status -> storage.sql("SELECT count(*) AS n FROM readings_raw").map(rows -> rows.get(0).getLong("n")))
        .onComplete(ctx.succeeding(rows -> ctx.verify(() -> {
          assertThat(rows).isEqualTo(20);
          ctx.completeNow();
        })));
  }

  @Test
  void anotherFileInItsPlaceStopsTheWritesUntilTheDatabaseIsBack(Vertx vertx, VertxTestContext ctx) {
    StorageHarness storage = new StorageHarness(vertx, dir);
    Path file = dir.resolve(StorageConfig.DATABASE_FILE);
    Path aside = dir.resolve("moved-aside.db");
    BusRecorder.on(vertx, Addresses.STORAGE_STATUS).compose(statuses -> storage.deploy(storage.config().put("flushEveryMillis", 50))
        .compose(id -> storage.request(Addresses.STORAGE_STORE, batch(0, 10)))
        .compose(ack -> storage.untilRawCount(10))
        .compose(v -> vertx.executeBlocking(() -> {
          Files.move(file, aside);
          return Files.writeString(file, "someone else's file");
        }))
        .compose(v -> storage.request(Addresses.STORAGE_STORE, batch(10, 10)))
        .compose(ack -> statuses.next(s -> StorageStatus.fromJson(s).state() == StorageState.FAILING))
        .compose(failing -> {
          StorageStatus status = StorageStatus.fromJson(failing);
          ctx.verify(() -> {
            assertThat(status.detail()).startsWith("database file replaced:").contains(file.toAbsolutePath().toString());
            assertThat(status.pendingReadings()).isEqualTo(10);
          });
          return vertx.executeBlocking(() -> {
            Files.delete(file);
            return Files.move(aside, file);
          });
        })
        .compose(back -> written(vertx, statuses, 20)))
        .compose(status -> storage.rawCount())
        .onComplete(ctx.succeeding(rows -> ctx.verify(() -> {
          assertThat(rows).isEqualTo(20);
          ctx.completeNow();
        })));
  }

  /** The first status, asked for again until it comes, that counts {@code count} readings written and says ok. */
  private static io.vertx.core.Future<StorageStatus> written(Vertx vertx, BusRecorder<JsonObject> statuses, long count) {
    return StorageHarness.EVENTUALLY.until(vertx, count + " readings written and storage ok", () -> {
      statuses.skipAll();
      vertx.eventBus().publish(Addresses.STORAGE_STATUS_REFRESH, new JsonObject());
      return statuses.next(s -> true).map(StorageStatus::fromJson);
    }, s -> s.state() == StorageState.OK && s.writtenReadings() == count);
  }

  private static JsonObject batch(int first, int count) {
    List<Reading> readings = new ArrayList<>(count);
    for (int i = first; i < first + count; i++) {
      readings.add(reading("s1", T0 + i * 2000L, 20, 50));
    }
    return new StoreBatch(readings).toJson();
  }
}
