package io.pistream.sensor;

import static io.pistream.sensor.TestConfigs.fastSensor;
import static io.pistream.sensor.TestConfigs.verticleConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import io.pistream.contracts.Addresses;
import io.pistream.contracts.ConfigException;
import io.pistream.contracts.Reading;
import io.pistream.contracts.SensorState;
import io.pistream.contracts.SensorStatus;
import io.pistream.testing.BusRecorder;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Deploys the verticle with fake drivers and plays its peers on the bus. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class SensorVerticleTest {

  private static final Instant BUILT = Instant.parse("2025-01-01T00:00:00Z");
  private static final Measurement ROOM = new Measurement(21.5, 40.0);

  @Test
  void theFirstReadingIsPublishedAtStartNotAnIntervalLater(Vertx vertx, VertxTestContext ctx) {
    FakeDriver driver = new FakeDriver(ROOM);
    JsonObject sensor = fastSensor("ceiling").put("intervalSeconds", 600).put("name", "Ceiling").put("location", "ceiling")
        .put("temperatureOffsetC", -0.5).put("humidityOffsetPct", 2);
    long[] deployedAt = new long[1];

    BusRecorder.on(vertx, Addresses.SENSOR_READINGS)
        .compose(readings -> {
          deployedAt[0] = System.nanoTime();
          return deploy(vertx, verticleConfig(sensor), Map.of("ceiling", driver)).compose(id -> readings.next(any()));
        })
        .onComplete(ctx.succeeding(json -> ctx.verify(() -> {
          assertThat((System.nanoTime() - deployedAt[0]) / 1_000_000).isLessThan(10_000);
          Reading reading = Reading.fromJson(json);
          assertThat(reading.node()).isEqualTo(TestConfigs.NODE);
          assertThat(reading.sensor()).isEqualTo("ceiling");
          assertThat(reading.ts()).isBetween(System.currentTimeMillis() - 60_000, System.currentTimeMillis());
          assertThat(reading.temperatureC()).isCloseTo(21.0, within(1e-9));
          assertThat(reading.humidityPct()).isCloseTo(42.0, within(1e-9));
          assertThat(driver.readOnEventLoop()).containsOnly(false);
          ctx.completeNow();
        })));
  }

  @Test
  void aSensorThatKeepsFailingIsFailingAndRecoversOnItsOwn(Vertx vertx, VertxTestContext ctx) {
    FakeDriver driver = new FakeDriver(ROOM);

    BusRecorder.on(vertx, Addresses.SENSOR_STATUS)
        .compose(statuses -> deploy(vertx, verticleConfig(fastSensor("ceiling")), Map.of("ceiling", driver))
            .compose(id -> statuses.next(state(SensorState.OK)))
            .compose(ok -> {
              driver.fail(SensorReadException.EIO);
              return statuses.next(state(SensorState.FAILING));
            })
            .compose(failing -> {
              ctx.verify(() -> {
                SensorStatus status = SensorStatus.fromJson(failing);
                assertThat(status.detail()).contains("EIO");
                assertThat(status.readsFailed()).isGreaterThanOrEqualTo(2);
                assertThat(status.readsOk()).isGreaterThanOrEqualTo(1);
                assertThat(status.lastReadingTs()).isPositive();
              });
              driver.answer(ROOM);
              return statuses.next(state(SensorState.OK));
            }))
        .onComplete(ctx.succeeding(ok -> ctx.verify(() -> {
          assertThat(SensorStatus.fromJson(ok).detail()).isEmpty();
          assertThat(driver.maxConcurrentReads()).isEqualTo(1);
          ctx.completeNow();
        })));
  }

  @Test
  void aDriverThatCrashesOrAnswersGarbageFailsItsReadsAndPollingGoesOn(Vertx vertx, VertxTestContext ctx) {
    FakeDriver driver = new FakeDriver(ROOM);

    BusRecorder.on(vertx, Addresses.SENSOR_STATUS)
        .compose(statuses -> deploy(vertx, verticleConfig(fastSensor("ceiling")), Map.of("ceiling", driver))
            .compose(id -> statuses.next(state(SensorState.OK)))
            .compose(ok -> {
              driver.crash(new IllegalStateException("driver bug"));
              return failingThenOk(statuses, driver, "IllegalStateException: driver bug");
            })
            .compose(ok -> {
              driver.answerNothing();
              return failingThenOk(statuses, driver, "garbage: the driver returned no measurement");
            })
            .compose(ok -> {
              driver.answer(new Measurement(Double.NaN, 40));
              return failingThenOk(statuses, driver, "range: NaN C");
            }))
        .onComplete(ctx.succeeding(ok -> ctx.verify(() -> {
          SensorStatus status = SensorStatus.fromJson(ok);
          assertThat(status.readsFailed()).isGreaterThanOrEqualTo(4);
          assertThat(status.readsRejected()).isGreaterThanOrEqualTo(2);
          assertThat(status.pollsSkipped()).isZero();
          ctx.completeNow();
        })));
  }

  /** Waits for the sensor to fail with the detail, then lets it read the room again and waits for ok. */
  private static Future<JsonObject> failingThenOk(BusRecorder<JsonObject> statuses, FakeDriver driver, String detail) {
    return statuses.next(state(SensorState.FAILING)).compose(failing -> {
      if (!SensorStatus.fromJson(failing).detail().startsWith(detail)) {
        return Future.failedFuture(new AssertionError("expected a detail starting with '" + detail + "', got " + failing));
      }
      driver.answer(ROOM);
      return statuses.next(state(SensorState.OK));
    });
  }

  @Test
  void aSensorWithoutAcceptedReadingsForLongIsOfflineAndRecoversOnItsOwn(Vertx vertx, VertxTestContext ctx) {
    FakeDriver driver = new FakeDriver(ROOM);
    driver.fail(SensorReadException.ETIMEDOUT);
    JsonObject sensor = fastSensor("ceiling").put("failingAfterPolls", 1000).put("offlineAfterIntervals", 3);

    BusRecorder.on(vertx, Addresses.SENSOR_STATUS)
        .compose(statuses -> deploy(vertx, verticleConfig(sensor), Map.of("ceiling", driver))
            .compose(id -> statuses.next(state(SensorState.OFFLINE)))
            .compose(offline -> {
              ctx.verify(() -> assertThat(SensorStatus.fromJson(offline).detail())
                  .contains("no accepted reading for").contains("ETIMEDOUT"));
              driver.answer(ROOM);
              return statuses.next(state(SensorState.OK));
            }))
        .onComplete(ctx.succeeding(ok -> ctx.completeNow()));
  }

  @Test
  void aReadThatHangsTurnsTheSensorOffline(Vertx vertx, VertxTestContext ctx) {
    FakeDriver driver = new FakeDriver(ROOM);
    CountDownLatch release = new CountDownLatch(1);
    JsonObject sensor = fastSensor("ceiling").put("offlineAfterIntervals", 3);

    BusRecorder.on(vertx, Addresses.SENSOR_STATUS)
        .compose(statuses -> deploy(vertx, verticleConfig(sensor), Map.of("ceiling", driver))
            .compose(id -> statuses.next(state(SensorState.OK)))
            .compose(ok -> {
              driver.hang(release, ROOM);
              return statuses.next(state(SensorState.OFFLINE));
            })
            .compose(offline -> {
              release.countDown();
              return statuses.next(state(SensorState.OK));
            }))
        .onComplete(ctx.succeeding(ok -> ctx.verify(() -> {
          assertThat(driver.maxConcurrentReads()).isEqualTo(1);
          ctx.completeNow();
        })));
  }

  @Test
  void everySensorAnswersARefreshAndSendsAHeartbeat(Vertx vertx, VertxTestContext ctx) {
    JsonObject config = verticleConfig(fastSensor("ceiling"), fastSensor("floor").put("intervalSeconds", 0.2)).put("statusEverySeconds", 1);
    Map<String, SensorDriver> drivers = Map.of("ceiling", new FakeDriver(ROOM), "floor", new FakeDriver(new Measurement(19, 55)));

    BusRecorder.on(vertx, Addresses.SENSOR_STATUS)
        .compose(statuses -> deploy(vertx, config, drivers)
            .compose(id -> statuses.next(sensorIs("ceiling", SensorState.OK)))
            .compose(ok -> statuses.next(sensorIs("floor", SensorState.OK)))
            .compose(ok -> {
              vertx.eventBus().publish(Addresses.SENSOR_STATUS_REFRESH, new JsonObject());
              return Future.all(statuses.next(sensorIs("ceiling", SensorState.OK)), statuses.next(sensorIs("floor", SensorState.OK)));
            })
            .compose(refreshed -> {
              // The heartbeat repeats the status without a change and without being asked.
              statuses.skipAll();
              return statuses.next(sensorIs("floor", SensorState.OK));
            }))
        .onComplete(ctx.succeeding(heartbeat -> ctx.verify(() -> {
          SensorStatus status = SensorStatus.fromJson(heartbeat);
          assertThat(status.node()).isEqualTo(TestConfigs.NODE);
          assertThat(status.readsOk()).isPositive();
          ctx.completeNow();
        })));
  }

  @Test
  void calibrationIsAppliedBeforeValidation(Vertx vertx, VertxTestContext ctx) {
    JsonObject hot = fastSensor("hot").put("temperatureOffsetC", 0.5).put("failingAfterPolls", 1);
    JsonObject cold = fastSensor("cold").put("temperatureOffsetC", 0.5);
    Map<String, SensorDriver> drivers = Map.of("hot", new FakeDriver(new Measurement(79.8, 20)), "cold",
        new FakeDriver(new Measurement(-40.3, 60)));

    Future.all(BusRecorder.on(vertx, Addresses.SENSOR_READINGS), BusRecorder.on(vertx, Addresses.SENSOR_STATUS))
        .compose(recorders -> {
          BusRecorder<JsonObject> readings = recorders.resultAt(0);
          BusRecorder<JsonObject> statuses = recorders.resultAt(1);
          return deploy(vertx, verticleConfig(hot, cold), drivers)
              .compose(id -> Future.all(readings.next(any()), statuses.next(sensorIs("hot", SensorState.FAILING))))
              .map(both -> {
                ctx.verify(() -> assertThat(readings.all()).allSatisfy(r -> assertThat(r.getString("sensor")).isEqualTo("cold")));
                return both;
              });
        })
        .onComplete(ctx.succeeding(both -> ctx.verify(() -> {
          JsonObject reading = both.resultAt(0);
          SensorStatus hotStatus = SensorStatus.fromJson(both.resultAt(1));
          assertThat(reading.getDouble("temperatureC")).isCloseTo(-39.8, within(1e-9));
          assertThat(hotStatus.detail()).startsWith("range: 80.3 C");
          assertThat(hotStatus.readsRejected()).isPositive();
          ctx.completeNow();
        })));
  }

  @Test
  void readingsBeforeTheClockGuardAreNotPublished(Vertx vertx, VertxTestContext ctx) {
    JsonObject config = verticleConfig(fastSensor("ceiling")).put("notBefore", "2999-01-01T00:00:00Z");

    Future.all(BusRecorder.on(vertx, Addresses.SENSOR_READINGS), BusRecorder.on(vertx, Addresses.SENSOR_STATUS))
        .compose(recorders -> {
          BusRecorder<JsonObject> readings = recorders.resultAt(0);
          BusRecorder<JsonObject> statuses = recorders.resultAt(1);
          return deploy(vertx, config, Map.of("ceiling", new FakeDriver(ROOM)))
              .compose(id -> statuses.next(state(SensorState.FAILING)))
              .map(failing -> {
                ctx.verify(() -> assertThat(readings.all()).isEmpty());
                return failing;
              });
        })
        .onComplete(ctx.succeeding(failing -> ctx.verify(() -> {
          SensorStatus status = SensorStatus.fromJson(failing);
          assertThat(status.detail()).startsWith("clock not set");
          assertThat(status.readsRejected()).isGreaterThanOrEqualTo(2);
          assertThat(status.readsOk()).isZero();
          ctx.completeNow();
        })));
  }

  @Test
  void aHungSensorIsPowerCycledAfterConsecutiveFailedReads(Vertx vertx, VertxTestContext ctx) {
    FakeDriver driver = new FakeDriver(ROOM);
    AtomicReference<Context> pi4j = new AtomicReference<>();
    List<String> events = new CopyOnWriteArrayList<>();
    JsonObject sensor = fastSensor("ceiling")
        .put("power", new JsonObject().put("pin", 17).put("cycleAfterFailures", 3).put("offSeconds", 0.3));
    SensorVerticle verticle = new SensorVerticle(s -> driver, () -> {
      pi4j.set(MockGpio.newContext());
      return pi4j.get();
    }, () -> BUILT);

    BusRecorder.on(vertx, Addresses.SENSOR_READINGS)
        .compose(readings -> vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(verticleConfig(sensor)))
            .compose(id -> {
              DigitalOutput power = pi4j.get().io("pistream-sensor-ceiling-power", DigitalOutput.class);
              ctx.verify(() -> assertThat(power.state()).isEqualTo(DigitalState.HIGH));
              Future<Void> cycled = awaitPowerCycle(power, driver, events);
              driver.fail(SensorReadException.ETIMEDOUT);
              return cycled;
            })
            .compose(cycled -> {
              driver.answer(ROOM);
              readings.skipAll();
              return readings.next(any());
            }))
        .onComplete(ctx.succeeding(reading -> ctx.verify(() -> {
          // Off after the third failed read in a row, on again without a read in between.
          assertThat(events).containsExactly("LOW after 3 failed reads", "HIGH after 3 failed reads");
          assertThat(pi4j.get().io("pistream-sensor-ceiling-power", DigitalOutput.class).state()).isEqualTo(DigitalState.HIGH);
          ctx.completeNow();
        })));
  }

  @Test
  void gpioIsNotTouchedWithoutAPowerPin(Vertx vertx, VertxTestContext ctx) {
    AtomicInteger contexts = new AtomicInteger();
    SensorVerticle verticle = new SensorVerticle(s -> new FakeDriver(ROOM), () -> {
      contexts.incrementAndGet();
      return MockGpio.newContext();
    }, () -> BUILT);

    vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(verticleConfig(fastSensor("ceiling"))))
        .compose(vertx::undeploy)
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          assertThat(contexts).hasValue(0);
          ctx.completeNow();
        })));
  }

  @Test
  void anInvalidConfigFailsTheStartNamingTheSetting(Vertx vertx, VertxTestContext ctx) {
    JsonObject config = verticleConfig(fastSensor("ceiling").put("driver", "bitbang"));

    deploy(vertx, config, Map.of()).onComplete(ctx.failing(e -> ctx.verify(() -> {
      assertThat(e).isInstanceOf(ConfigException.class)
          .hasMessage("sensor.sensors[0].driver must be one of simulated, iio, got 'bitbang'");
      ctx.completeNow();
    })));
  }

  @Test
  void theRealDriversAreUsedWhenNoneAreGiven(Vertx vertx, VertxTestContext ctx) {
    JsonObject config = verticleConfig(fastSensor("ceiling").put("seed", "5"));

    BusRecorder.on(vertx, Addresses.SENSOR_READINGS)
        .compose(readings -> vertx.deployVerticle(new SensorVerticle(), new DeploymentOptions().setConfig(config))
            .compose(id -> readings.next(any())))
        .onComplete(ctx.succeeding(json -> ctx.verify(() -> {
          assertThat(json.getDouble("temperatureC")).isBetween(5.0, 35.0);
          ctx.completeNow();
        })));
  }

  private static Future<String> deploy(Vertx vertx, JsonObject config, Map<String, ? extends SensorDriver> drivers) {
    SensorVerticle verticle = new SensorVerticle(s -> drivers.get(s.id()), MockGpio::newContext, () -> BUILT);
    return vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config));
  }

  /** Completes once the power went off and on again, noting how many reads preceded each switch. */
  private static Future<Void> awaitPowerCycle(DigitalOutput power, FakeDriver driver, List<String> events) {
    io.vertx.core.Promise<Void> cycled = io.vertx.core.Promise.promise();
    power.addListener((DigitalStateChangeListener) event -> {
      events.add(event.state() + " after " + driver.failures() + " failed reads");
      if (event.state() == DigitalState.HIGH) {
        cycled.tryComplete();
      }
    });
    return cycled.future();
  }

  private static Predicate<JsonObject> any() {
    return json -> true;
  }

  private static Predicate<JsonObject> state(SensorState state) {
    return json -> state.wire().equals(json.getString("state"));
  }

  private static Predicate<JsonObject> sensorIs(String sensor, SensorState state) {
    return json -> sensor.equals(json.getString("sensor")) && state.wire().equals(json.getString("state"));
  }
}
