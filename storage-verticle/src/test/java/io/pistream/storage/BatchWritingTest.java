package io.pistream.storage;

import static io.pistream.storage.StorageHarness.T0;
import static io.pistream.storage.StorageHarness.key;
import static io.pistream.storage.StorageHarness.reading;
import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.HistoryQuery;
import io.pistream.contracts.Reading;
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
class BatchWritingTest {

  @TempDir
  Path dir;

  @Test
  void aFullBatchIsWrittenWithoutWaitingForTheTimer(Vertx vertx, VertxTestContext ctx) {
    StorageHarness storage = new StorageHarness(vertx, dir);
    long started = System.currentTimeMillis();
    storage.deploy(storage.config().put("flushEveryReadings", 10).put("flushEveryMillis", 60_000))
        .compose(id -> {
          for (int i = 0; i < 10; i++) {
            storage.publish(reading("s1", T0 + i * 2000L, 20 + i, 50));
          }
          return storage.eventually(() -> storage.rawCount().map(n -> n == 10));
        })
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          assertThat(System.currentTimeMillis() - started).isLessThan(50_000);
          ctx.completeNow();
        })));
  }

  @Test
  void aPartialBatchIsWrittenByTheTimer(Vertx vertx, VertxTestContext ctx) {
    StorageHarness storage = new StorageHarness(vertx, dir);
    storage.deploy(storage.config().put("flushEveryReadings", 100_000).put("flushEveryMillis", 200))
        .compose(id -> {
          for (int i = 0; i < 3; i++) {
            storage.publish(reading("s1", T0 + i * 2000L, 20, 50));
          }
          return storage.eventually(() -> storage.rawCount().map(n -> n == 3));
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void undeployWritesWhatIsQueued(Vertx vertx, VertxTestContext ctx) {
    StorageHarness storage = new StorageHarness(vertx, dir);
    storage.deploy(storage.config().put("flushEveryReadings", 100_000).put("flushEveryMillis", 60_000))
        .compose(id -> {
          for (int i = 0; i < 500; i++) {
            storage.publish(reading("s" + (i % 3), T0 + i * 1000L, 20, 50));
          }
          // Handled after the readings: by then all of them are queued in the writer.
          return storage.request(Addresses.STORAGE_SENSORS, new JsonObject()).compose(barrier -> vertx.undeploy(id));
        })
        .compose(v -> storage.rawCount())
        .onComplete(ctx.succeeding(count -> ctx.verify(() -> {
          assertThat(count).isEqualTo(500);
          ctx.completeNow();
        })));
  }

  @Test
  void aReadingDeliveredTwiceIsStoredAndCountedOnce(Vertx vertx, VertxTestContext ctx) {
    StorageHarness storage = new StorageHarness(vertx, dir);
    Reading twice = reading("s1", T0 + 5000, 21.5, 40);
    storage.deploy(storage.config().put("flushEveryReadings", 3).put("flushEveryMillis", 100))
        .compose(id -> {
          storage.publish(twice);
          storage.publish(twice);
          storage.publish(reading("s1", T0 + 7000, 22.5, 42));
          return storage.eventually(() -> storage.rawCount().map(n -> n == 2));
        })
        .compose(v -> {
          // Once more, in a later transaction.
          storage.publish(twice);
          storage.publish(reading("s1", T0 + 9000, 23.5, 44));
          return storage.eventually(() -> storage.rawCount().map(n -> n == 3));
        })
        .compose(v -> Future.all(
            storage.sql("SELECT count, temperature_sum FROM readings_minute"),
            storage.sql("SELECT count FROM readings_day"),
            storage.history(new HistoryQuery(List.of(key("s1")), T0, T0 + 60_000, 1, false))))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          List<JsonObject> minute = all.resultAt(0);
          assertThat(minute).hasSize(1);
          assertThat(minute.get(0).getLong("count")).isEqualTo(3);
          assertThat(minute.get(0).getLong("temperature_sum")).isEqualTo(2150 + 2250 + 2350);
          List<JsonObject> day = all.resultAt(1);
          assertThat(day.get(0).getLong("count")).isEqualTo(3);
          io.pistream.contracts.HistoryResult history = all.resultAt(2);
          assertThat(history.series().get(0).points()).singleElement()
              .satisfies(p -> assertThat(p.count()).isEqualTo(3))
              .satisfies(p -> assertThat(p.temperatureAvg()).isEqualTo(22.5));
          ctx.completeNow();
        })));
  }

  @Test
  void malformedReadingsAreDroppedAndNothingStoredIsLost(Vertx vertx, VertxTestContext ctx) {
    StorageHarness storage = new StorageHarness(vertx, dir);
    storage.deploy(storage.config().put("flushEveryReadings", 2).put("flushEveryMillis", 100))
        .compose(id -> {
          storage.publish(reading("s1", T0, 20, 50));
          storage.publish(reading("s1", T0 + 2000, 21, 51));
          return storage.eventually(() -> storage.rawCount().map(n -> n == 2));
        })
        .compose(v -> {
          var bus = vertx.eventBus();
          bus.publish(Addresses.SENSOR_READINGS, new JsonObject().put("node", "n").put("sensor", "s1").put("ts", "yesterday"));
          bus.publish(Addresses.SENSOR_READINGS, new JsonObject().put("sensor", "s1").put("ts", T0));
          bus.publish(Addresses.SENSOR_READINGS, "not json at all");
          bus.publish(Addresses.SENSOR_READINGS, reading("s1", T0 + 3000, 1e300, 50).toJson());
          bus.publish(Addresses.SENSOR_READINGS, null);
          storage.publish(reading("s1", T0 + 4000, 22, 52));
          storage.publish(reading("s1", T0 + 6000, 23, 53));
          return storage.eventually(() -> storage.rawCount().map(n -> n == 4));
        })
        .compose(v -> storage.sql("SELECT ts FROM readings_raw ORDER BY ts"))
        .onComplete(ctx.succeeding(rows -> ctx.verify(() -> {
          assertThat(rows.stream().map(r -> r.getLong("ts")).toList())
              .containsExactly(T0, T0 + 2000, T0 + 4000, T0 + 6000);
          ctx.completeNow();
        })));
  }
}
