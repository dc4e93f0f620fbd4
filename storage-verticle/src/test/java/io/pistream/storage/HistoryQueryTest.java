package io.pistream.storage;

import static io.pistream.storage.StorageHarness.DAY;
import static io.pistream.storage.StorageHarness.T0;
import static io.pistream.storage.StorageHarness.key;
import static io.pistream.storage.StorageHarness.reading;
import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.Failures;
import io.pistream.contracts.HistoryPoint;
import io.pistream.contracts.HistoryQuery;
import io.pistream.contracts.HistoryResult;
import io.pistream.contracts.LatestQuery;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class HistoryQueryTest {

  private static final long HOUR = 3_600_000L;
  private static final long MIDNIGHT = T0 + DAY;

  @TempDir
  Path dir;

  /** Readings around the midnight between two days, written in two transactions. */
  private Future<StorageHarness> storageAroundMidnight(Vertx vertx) {
    StorageHarness storage = new StorageHarness(vertx, dir);
    return storage.deploy(storage.config().put("flushEveryReadings", 100_000).put("flushEveryMillis", 50))
        .compose(id -> {
          storage.store(reading("s1", T0 + 3 * HOUR + 30 * 60_000, 15, 50));
          storage.store(reading("s1", MIDNIGHT - 40_000, 10, 40));
          storage.store(reading("s1", MIDNIGHT + 10_000, 30, 70));
          return storage.untilRawCount(3);
        })
        .compose(v -> {
          storage.store(reading("s1", MIDNIGHT - 10_000, 20, 60));
          storage.store(reading("s1", MIDNIGHT + 70_000, -5, 80));
          return storage.untilRawCount(5);
        })
        .map(storage);
  }

  private static HistoryQuery query(long from, long to, int maxPoints) {
    return new HistoryQuery(List.of(key("s1")), from, to, maxPoints, false);
  }

  private static void assertPoint(HistoryPoint point, long ts, long count, double tMin, double tAvg, double tMax,
      double hMin, double hAvg, double hMax) {
    assertThat(point).isEqualTo(new HistoryPoint(ts, count, tMin, tAvg, tMax, hMin, hAvg, hMax));
  }

  @Test
  void minuteHourAndDayRollupsAcrossMidnight(Vertx vertx, VertxTestContext ctx) {
    storageAroundMidnight(vertx)
        .compose(storage -> Future.all(
            storage.history(query(MIDNIGHT - 60_000, MIDNIGHT + 120_000, 3)),
            storage.history(query(MIDNIGHT - HOUR, MIDNIGHT + HOUR, 2)),
            storage.history(query(T0, T0 + 2 * DAY, 2)),
            storage.history(query(T0, T0 + 2 * DAY, 1))))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          HistoryResult minutes = all.resultAt(0);
          assertThat(minutes.resolution()).isEqualTo("minute");
          assertThat(minutes.bucketMs()).isEqualTo(60_000);
          List<HistoryPoint> m = minutes.series().get(0).points();
          assertThat(m).hasSize(3);
          assertPoint(m.get(0), MIDNIGHT - 60_000, 2, 10, 15, 20, 40, 50, 60);
          assertPoint(m.get(1), MIDNIGHT, 1, 30, 30, 30, 70, 70, 70);
          assertPoint(m.get(2), MIDNIGHT + 60_000, 1, -5, -5, -5, 80, 80, 80);

          HistoryResult hours = all.resultAt(1);
          assertThat(hours.resolution()).isEqualTo("hour");
          List<HistoryPoint> h = hours.series().get(0).points();
          assertThat(h).hasSize(2);
          assertPoint(h.get(0), MIDNIGHT - HOUR, 2, 10, 15, 20, 40, 50, 60);
          assertPoint(h.get(1), MIDNIGHT, 2, -5, 12.5, 30, 70, 75, 80);

          HistoryResult days = all.resultAt(2);
          assertThat(days.resolution()).isEqualTo("day");
          List<HistoryPoint> d = days.series().get(0).points();
          assertThat(d).hasSize(2);
          assertPoint(d.get(0), T0, 3, 10, 15, 20, 40, 50, 60);
          assertPoint(d.get(1), MIDNIGHT, 2, -5, 12.5, 30, 70, 75, 80);

          HistoryResult one = all.resultAt(3);
          assertThat(one.series().get(0).points()).singleElement().satisfies(p -> {
            assertThat(p.count()).isEqualTo(5);
            assertThat(p.temperatureMin()).isEqualTo(-5);
            assertThat(p.temperatureAvg()).isEqualTo(14);
            assertThat(p.temperatureMax()).isEqualTo(30);
            assertThat(p.humidityAvg()).isEqualTo(60);
          });
          ctx.completeNow();
        })));
  }

  @Test
  void shortRangesAreBuiltFromRawRowsAndRawRowsCanBeAskedFor(Vertx vertx, VertxTestContext ctx) {
    storageAroundMidnight(vertx)
        .compose(storage -> Future.all(
            storage.history(query(MIDNIGHT - 50_000, MIDNIGHT + 50_000, 1000)),
            storage.history(new HistoryQuery(List.of(key("s1")), T0, T0 + 2 * DAY, 2, true))))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          HistoryResult buckets = all.resultAt(0);
          assertThat(buckets.resolution()).isEqualTo("raw");
          assertThat(buckets.bucketMs()).isEqualTo(100);
          assertThat(buckets.series().get(0).points()).extracting(HistoryPoint::ts)
              .containsExactly(MIDNIGHT - 40_000, MIDNIGHT - 10_000, MIDNIGHT + 10_000);

          HistoryResult raw = all.resultAt(1);
          assertThat(raw.resolution()).isEqualTo("raw");
          assertThat(raw.bucketMs()).isZero();
          assertThat(raw.series().get(0).points()).hasSize(2);
          assertPoint(raw.series().get(0).points().get(0), T0 + 3 * HOUR + 30 * 60_000, 1, 15, 15, 15, 50, 50, 50);
          ctx.completeNow();
        })));
  }

  @Test
  void neverMoreThanMaxPointsAndSeriesInTheOrderAsked(Vertx vertx, VertxTestContext ctx) {
    StorageHarness storage = new StorageHarness(vertx, dir);
    storage.deploy(storage.config().put("flushEveryMillis", 50))
        .compose(id -> {
          for (int i = 0; i < 600; i++) {
            storage.store(reading("a", T0 + 777 + i * 2000L, 20 + i % 7, 50));
            storage.store(reading("b", T0 + 777 + i * 2000L, 10, 60));
          }
          return storage.untilRawCount(1200);
        })
        .compose(v -> Future.all(
            storage.history(new HistoryQuery(List.of(key("b"), key("a")), T0, T0 + 1_200_000, 7, false)),
            storage.history(new HistoryQuery(List.of(), T0, T0 + 1_200_000, 7, false))))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          HistoryResult asked = all.resultAt(0);
          assertThat(asked.series()).extracting(s -> s.sensor()).containsExactly("b", "a");
          for (var series : asked.series()) {
            assertThat(series.points()).hasSizeLessThanOrEqualTo(7);
            assertThat(series.points().stream().mapToLong(HistoryPoint::count).sum()).isEqualTo(600);
            assertThat(series.points()).allSatisfy(p -> assertThat(p.ts() % asked.bucketMs()).isZero());
          }
          HistoryResult everyone = all.resultAt(1);
          assertThat(everyone.series()).extracting(s -> s.sensor()).containsExactlyInAnyOrder("a", "b");
          ctx.completeNow();
        })));
  }

  @Test
  void badQueriesGetBadRequestAndUnknownSensorsNotFound(Vertx vertx, VertxTestContext ctx) {
    StorageHarness storage = new StorageHarness(vertx, dir);
    JsonObject good = query(T0, T0 + HOUR, 10).toJson();
    JsonArray notSensors = new JsonArray().add(5);
    storage.deploy(storage.config())
        .compose(id -> {
          List<Future<Integer>> codes = List.of(
              failureCode(storage.request(Addresses.STORAGE_HISTORY, good.copy().put("to", T0))),
              failureCode(storage.request(Addresses.STORAGE_HISTORY, good.copy().put("maxPoints", 0))),
              failureCode(storage.request(Addresses.STORAGE_HISTORY, good.copy().put("from", -HOUR))),
              failureCode(storage.request(Addresses.STORAGE_HISTORY, good.copy().put("from", "now"))),
              failureCode(storage.request(Addresses.STORAGE_HISTORY, "not json")),
              failureCode(storage.request(Addresses.STORAGE_HISTORY, good.copy().put("sensors", notSensors))),
              failureCode(storage.request(Addresses.STORAGE_LATEST, new JsonObject().put("sensors", notSensors))),
              failureCode(storage.request(Addresses.STORAGE_HISTORY, good)),
              failureCode(storage.request(Addresses.STORAGE_LATEST, new LatestQuery(List.of(key("s1"))).toJson())));
          return Future.all(codes).map(all -> codes.stream().map(Future::result).toList());
        })
        .onComplete(ctx.succeeding(codes -> ctx.verify(() -> {
          int bad = Failures.BAD_REQUEST;
          int missing = Failures.NOT_FOUND;
          assertThat(codes).containsExactly(bad, bad, bad, bad, bad, bad, bad, missing, missing);
          ctx.completeNow();
        })));
  }

  @Test
  void notFoundNamesTheSensor(Vertx vertx, VertxTestContext ctx) {
    StorageHarness storage = new StorageHarness(vertx, dir);
    storage.deploy(storage.config())
        .compose(id -> storage.history(query(T0, T0 + HOUR, 10)))
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertThat(e).isInstanceOf(ReplyException.class).hasMessage("unknown sensor test-node/s1");
          ctx.completeNow();
        })));
  }

  private static Future<Integer> failureCode(Future<?> reply) {
    return reply.transform(result -> result.succeeded()
        ? Future.failedFuture(new AssertionError("expected a failure, got " + result.result()))
        : Future.succeededFuture(((ReplyException) result.cause()).failureCode()));
  }
}
