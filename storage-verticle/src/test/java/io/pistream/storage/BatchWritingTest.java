package io.pistream.storage;

import static io.pistream.storage.StorageHarness.T0;
import static io.pistream.storage.StorageHarness.key;
import static io.pistream.storage.StorageHarness.reading;
import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.Failures;
import io.pistream.contracts.StoreBatch;
import io.pistream.testing.BusRecorder;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
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
            storage.store(reading("s1", T0 + i * 2000L, 20 + i, 50));
          }
          return storage.untilRawCount(10);
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
            storage.store(reading("s1", T0 + i * 2000L, 20, 50));
          }
          return storage.untilRawCount(3);
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void undeployWritesWhatIsQueued(Vertx vertx, VertxTestContext ctx) {
    StorageHarness storage = new StorageHarness(vertx, dir);
    storage.deploy(storage.config().put("flushEveryReadings", 100_000).put("flushEveryMillis", 60_000))
        .compose(id -> {
          for (int i = 0; i < 500; i++) {
            storage.store(reading("s" + (i % 3), T0 + i * 1000L, 20, 50));
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
          storage.store(twice);
          storage.store(twice);
          storage.store(reading("s1", T0 + 7000, 22.5, 42));
          return storage.untilRawCount(2);
        })
        .compose(v -> {
          // Once more, in a later transaction.
          storage.store(twice);
          storage.store(reading("s1", T0 + 9000, 23.5, 44));
          return storage.untilRawCount(3);
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
    JsonArray mixed = new JsonArray()
        .add(new JsonObject().put("node", "n").put("sensor", "s1").put("ts", "yesterday"))
        .add(new JsonObject().put("sensor", "s1").put("ts", T0))
        .add("not json at all")
        .add(reading("s1", T0 + 3000, 1e300, 50).toJson())
        .addNull()
        .add(reading("s1", T0 + 4000, 22, 52).toJson())
        .add(reading("s1", T0 + 6000, 23, 53).toJson());
    storage.deploy(storage.config().put("flushEveryReadings", 2).put("flushEveryMillis", 100))
        .compose(id -> storage.store(reading("s1", T0, 20, 50)))
        .compose(ack -> storage.store(reading("s1", T0 + 2000, 21, 51)))
        .compose(ack -> storage.untilRawCount(2))
        .compose(v -> storage.request(Addresses.STORAGE_STORE, new JsonObject().put("readings", mixed)))
        .compose(ack -> {
          ctx.verify(() -> assertThat(ack).isEqualTo(new JsonObject().put("stored", 2).put("rejected", 5)));
          return storage.untilRawCount(4);
        })
        .compose(v -> storage.sql("SELECT ts FROM readings_raw ORDER BY ts"))
        .onComplete(ctx.succeeding(rows -> ctx.verify(() -> {
          assertThat(rows.stream().map(r -> r.getLong("ts")).toList())
              .containsExactly(T0, T0 + 2000, T0 + 4000, T0 + 6000);
          ctx.completeNow();
        })));
  }

  @Test
  void aBatchWithoutReadingsIsRefusedAsBadRequest(Vertx vertx, VertxTestContext ctx) {
    StorageHarness storage = new StorageHarness(vertx, dir);
    storage.deploy(storage.config())
        .compose(id -> storage.request(Addresses.STORAGE_STORE, new JsonObject().put("reading", new JsonArray())))
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertThat(e).isInstanceOfSatisfying(ReplyException.class, r -> {
            assertThat(r.failureCode()).isEqualTo(Failures.BAD_REQUEST);
            assertThat(r.getMessage()).contains("readings is missing");
          });
          ctx.completeNow();
        })));
  }

  @Test
  void onlyTheAcknowledgedPathStoresAndAResentBatchIsStoredOnce(Vertx vertx, VertxTestContext ctx) {
    StorageHarness storage = new StorageHarness(vertx, dir);
    JsonObject batch = new StoreBatch(List.of(reading("s1", T0, 20, 50), reading("s1", T0 + 2000, 21, 51))).toJson();
    storage.deploy(storage.config().put("flushEveryMillis", 50))
        .compose(id -> {
          // The live publish is for views: storage must not also persist it.
          vertx.eventBus().publish(Addresses.SENSOR_READINGS, reading("s1", T0 + 1000, 30, 60).toJson());
          return storage.request(Addresses.STORAGE_STORE, batch);
        })
        .compose(first -> storage.untilRawCount(2))
        .compose(v -> storage.request(Addresses.STORAGE_STORE, batch))
        .compose(resent -> storage.store(reading("s1", T0 + 4000, 22, 52)))
        .compose(ack -> storage.untilRawCount(3))
        .compose(v -> storage.sql("SELECT ts FROM readings_raw ORDER BY ts"))
        .onComplete(ctx.succeeding(rows -> ctx.verify(() -> {
          assertThat(rows.stream().map(r -> r.getLong("ts")).toList()).containsExactly(T0, T0 + 2000, T0 + 4000);
          ctx.completeNow();
        })));
  }

  @Test
  void acceptedBatchesAreOfferedToOtherStorageNodesAndTheirsAreStoredHere(Vertx vertx, VertxTestContext ctx) {
    StorageHarness storage = new StorageHarness(vertx, dir);
    JsonObject fromElsewhere = new JsonObject().put("from", "other-hub")
        .put("readings", new JsonArray().add(reading("s1", T0 + 2000, 21, 51).toJson()));
    JsonObject echoOfOurOwn = new JsonObject().put("from", StorageHarness.NODE)
        .put("readings", new JsonArray().add(reading("s1", T0 + 4000, 22, 52).toJson()));
    BusRecorder.on(vertx, Addresses.STORAGE_REPLICATE)
        // As if clustered: this test's Vert.x is not.
        .compose(offers -> storage.deploy(storage.config().put("flushEveryMillis", 50), new StorageVerticle(true))
            .compose(id -> storage.store(reading("s1", T0, 20, 50)))
            .compose(ack -> offers.next(offer -> true))
            .compose(offer -> {
              ctx.verify(() -> {
                assertThat(offer.getString("from")).isEqualTo(StorageHarness.NODE);
                assertThat(offer.getJsonArray("readings")).containsExactly(reading("s1", T0, 20, 50).toJson());
              });
              vertx.eventBus().publish(Addresses.STORAGE_REPLICATE, fromElsewhere);
              vertx.eventBus().publish(Addresses.STORAGE_REPLICATE, echoOfOurOwn);
              return storage.untilRawCount(2);
            }))
        .compose(v -> storage.sql("SELECT ts FROM readings_raw ORDER BY ts"))
        .onComplete(ctx.succeeding(rows -> ctx.verify(() -> {
          assertThat(rows.stream().map(r -> r.getLong("ts")).toList()).containsExactly(T0, T0 + 2000);
          ctx.completeNow();
        })));
  }

  @Test
  void aStorageNodeOnItsOwnOffersItsBatchesToNobody(Vertx vertx, VertxTestContext ctx) {
    StorageHarness storage = new StorageHarness(vertx, dir);
    BusRecorder.on(vertx, Addresses.STORAGE_REPLICATE)
        .compose(offers -> storage.deploy(storage.config().put("flushEveryMillis", 50))
            .compose(id -> storage.store(reading("s1", T0, 20, 50)))
            .compose(ack -> storage.untilRawCount(1))
            // A request answered after the store: had an offer been published, it would have arrived first.
            .compose(v -> storage.request(Addresses.STORAGE_SENSORS, new JsonObject()))
            .map(sensors -> offers.all()))
        .onComplete(ctx.succeeding(offered -> ctx.verify(() -> {
          assertThat(offered).isEmpty();
          ctx.completeNow();
        })));
  }
}
