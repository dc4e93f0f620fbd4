package io.pistream.storage;

import static io.pistream.storage.StorageHarness.NODE;
import static io.pistream.storage.StorageHarness.T0;
import static io.pistream.storage.StorageHarness.key;
import static io.pistream.storage.StorageHarness.reading;
import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.LatestQuery;
import io.pistream.contracts.Reading;
import io.pistream.contracts.SensorInfo;
import io.pistream.contracts.SensorState;
import io.pistream.contracts.SensorStatus;
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
class SensorQueriesTest {

  @TempDir
  Path dir;

  private static List<Reading> readings(JsonObject reply) {
    return reply.getJsonArray("readings").stream().map(o -> Reading.fromJson((JsonObject) o)).toList();
  }

  private static List<SensorInfo> sensors(JsonObject reply) {
    return reply.getJsonArray("sensors").stream().map(o -> SensorInfo.fromJson((JsonObject) o)).toList();
  }

  @Test
  void latestIsTheNewestReadingOfEachSensorAndTheListCarriesNamesAndSpans(Vertx vertx, VertxTestContext ctx) {
    StorageHarness storage = new StorageHarness(vertx, dir);
    storage.deploy(storage.config().put("flushEveryReadings", 2).put("flushEveryMillis", 50))
        .compose(id -> {
          vertx.eventBus().publish(Addresses.SENSOR_STATUS,
              new SensorStatus(NODE, "s1", "Ceiling", "Hall", SensorState.OK, T0, T0, "", 1, 0, 0).toJson());
          storage.store(reading("s1", T0 + 3000, 23, 53));
          storage.store(reading("s1", T0 + 5000, 25, 55));
          storage.store(reading("s1", T0 + 1000, 21, 51));
          storage.store(reading("s2", T0 + 2000, 12, 62));
          return storage.untilRawCount(4);
        })
        .compose(v -> Future.all(
            storage.request(Addresses.STORAGE_LATEST, new LatestQuery(List.of()).toJson()),
            storage.request(Addresses.STORAGE_LATEST, new LatestQuery(List.of(key("s2"))).toJson()),
            storage.request(Addresses.STORAGE_SENSORS, new JsonObject())))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          assertThat(readings(all.resultAt(0))).containsExactly(
              reading("s1", T0 + 5000, 25, 55), reading("s2", T0 + 2000, 12, 62));
          assertThat(readings(all.resultAt(1))).containsExactly(reading("s2", T0 + 2000, 12, 62));
          assertThat(sensors(all.resultAt(2))).containsExactly(
              new SensorInfo(NODE, "s1", "Ceiling", "Hall", T0 + 1000, T0 + 5000),
              new SensorInfo(NODE, "s2", "", "", T0 + 2000, T0 + 2000));
          ctx.completeNow();
        })));
  }

  @Test
  void aSensorKnownOnlyFromItsStatusIsListedWithoutReadings(Vertx vertx, VertxTestContext ctx) {
    StorageHarness storage = new StorageHarness(vertx, dir);
    storage.deploy(storage.config())
        .compose(id -> {
          vertx.eventBus().publish(Addresses.SENSOR_STATUS,
              new SensorStatus(NODE, "quiet", "Quiet", "Cellar", SensorState.STARTING, T0, 0, "", 0, 0, 0).toJson());
          return StorageHarness.EVENTUALLY.until(vertx, "the sensor known from its status to be listed",
              () -> storage.request(Addresses.STORAGE_SENSORS, new JsonObject()), reply -> !sensors(reply).isEmpty());
        })
        .compose(v -> Future.all(
            storage.request(Addresses.STORAGE_SENSORS, new JsonObject()),
            storage.request(Addresses.STORAGE_LATEST, new LatestQuery(List.of(key("quiet"))).toJson())))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          assertThat(sensors(all.resultAt(0))).containsExactly(new SensorInfo(NODE, "quiet", "Quiet", "Cellar", 0, 0));
          assertThat(readings(all.resultAt(1))).isEmpty();
          ctx.completeNow();
        })));
  }
}
