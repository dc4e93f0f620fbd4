package io.pistream.sensor;

import static io.pistream.sensor.TestConfigs.fastSensor;
import static io.pistream.sensor.TestConfigs.verticleConfig;
import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.Reading;
import io.pistream.contracts.SensorStatus;
import io.pistream.contracts.StoreBatch;
import io.pistream.testing.BusRecorder;
import io.pistream.testing.Eventually;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A sensor node restarted while its storage is away, which the test plays once it comes back. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
class SensorSpoolTest {

  private static final Instant BUILT = Instant.parse("2025-01-01T00:00:00Z");
  private static final Eventually STORED = Eventually.within(Duration.ofSeconds(60)).every(Duration.ofMillis(50));

  @Test
  void readingsHeldWhenTheNodeRestartsDuringAStorageOutageAreDeliveredByTheNextRun(Vertx vertx, VertxTestContext ctx) {
    JsonObject config = verticleConfig(fastSensor("ceiling"), fastSensor("floor").put("intervalSeconds", 0.2)).put("statusEverySeconds", 1);
    config.getJsonObject("delivery").put("retrySeconds", 1).put("stopSeconds", 1);
    Path spool = Path.of(config.getJsonObject("delivery").getString("spoolDir")).resolve("sensor-spool-" + TestConfigs.NODE);
    Set<String> stored = ConcurrentHashMap.newKeySet();
    AtomicReference<List<Reading>> firstRun = new AtomicReference<>();

    Future.all(BusRecorder.on(vertx, Addresses.SENSOR_READINGS), BusRecorder.on(vertx, Addresses.SENSOR_STATUS))
        .compose(recorders -> {
          BusRecorder<JsonObject> readings = recorders.resultAt(0);
          BusRecorder<JsonObject> statuses = recorders.resultAt(1);
          // No storage: readings go to the spool once they have waited a retry period.
          return deploy(vertx, config)
              .compose(id -> statuses.next(json -> SensorStatus.fromJson(json).deliverySpooled() >= 10).map(spooling -> id))
              .compose(id -> vertx.undeploy(id))
              .compose(undeployed -> {
                firstRun.set(readings.all().stream().map(Reading::fromJson).toList());
                ctx.verify(() -> assertThat(SensorVerticleStopTest.spooledLines(spool)).hasSizeGreaterThanOrEqualTo(firstRun.get().size()));
                // Storage is still away while the node comes up again.
                return deploy(vertx, config);
              })
              .compose(id -> statuses.next(json -> SensorStatus.fromJson(json).deliverySpooled() >= firstRun.get().size()).map(status -> id))
              .compose(id -> {
                MessageConsumer<JsonObject> storage = vertx.eventBus().consumer(Addresses.STORAGE_STORE, msg -> {
                  StoreBatch.fromJson(msg.body()).readings().forEach(r -> stored.add(key(r)));
                  msg.reply(new JsonObject().put("stored", 1));
                });
                return storage.completion()
                    .compose(registered -> STORED.until(vertx, "every reading of the first run to be stored",
                        () -> Future.succeededFuture(firstRun.get().stream().filter(r -> !stored.contains(key(r))).count()), missing -> missing == 0))
                    .compose(all -> statuses.next(json -> SensorStatus.fromJson(json).deliverySpooled() == 0))
                    .compose(empty -> vertx.undeploy(id));
              });
        })
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          assertThat(firstRun.get()).hasSizeGreaterThanOrEqualTo(10);
          assertThat(new HashSet<>(stored)).containsAll(firstRun.get().stream().map(SensorSpoolTest::key).toList());
          // Storage answered the second run: whatever it spooled is delivered and its segments are gone.
          assertThat(SensorVerticleStopTest.spooledLines(spool)).isEmpty();
          ctx.completeNow();
        })));
  }

  private static String key(Reading reading) {
    return reading.node() + "/" + reading.sensor() + "/" + reading.ts();
  }

  private static Future<String> deploy(Vertx vertx, JsonObject config) {
    SensorVerticle verticle = new SensorVerticle(s -> new FakeDriver(new Measurement(21.5, 40.0)), MockGpio::newContext, () -> BUILT);
    return vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config));
  }
}
