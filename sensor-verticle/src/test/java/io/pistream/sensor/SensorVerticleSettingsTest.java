package io.pistream.sensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pistream.contracts.ConfigException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class SensorVerticleSettingsTest {

  private static final Instant BUILT = Instant.parse("2025-05-01T10:00:00Z");

  @Test
  void aSensorWithOnlyAnIdGetsTheDocumentedDefaults() {
    SensorVerticleSettings settings = parse(config(new JsonObject().put("id", "ceiling")));

    assertThat(settings.nodeId()).isEqualTo("test-node");
    assertThat(settings.statusEveryMs()).isEqualTo(30_000);
    assertThat(settings.logSummaryMs()).isEqualTo(60_000);
    assertThat(settings.notBefore()).isEqualTo(BUILT);
    assertThat(settings.needsGpio()).isFalse();
    SensorSettings sensor = settings.sensors().get(0);
    assertThat(sensor.name()).isEqualTo("ceiling");
    assertThat(sensor.location()).isEmpty();
    assertThat(sensor.driver()).isEqualTo(DriverKind.SIMULATED);
    assertThat(sensor.intervalMs()).isEqualTo(2000);
    assertThat(sensor.calibration()).isEqualTo(new Calibration(0, 0));
    assertThat(sensor.seed()).isEqualTo("ceiling".hashCode());
    assertThat(sensor.iio()).isEqualTo(new SensorSettings.Iio(Path.of("/sys/bus/iio/devices"), "", 4));
    assertThat(sensor.power()).isEqualTo(new SensorSettings.Power(-1, true, 5, 5000));
    assertThat(sensor.retries()).isEqualTo(2);
    assertThat(sensor.retryDelayMs()).isEqualTo(2500);
    assertThat(sensor.spike()).isEqualTo(new SensorSettings.Spike(5, 15, 5, 3));
    assertThat(sensor.failingAfterPolls()).isEqualTo(3);
    assertThat(sensor.offlineAfterIntervals()).isEqualTo(10);
    assertThat(sensor.readTimeoutMs()).isEqualTo(5000);
  }

  @Test
  void readsEverySetting() {
    SensorVerticleSettings settings = parse(config(new JsonObject()
        .put("id", "greenhouse").put("name", "Greenhouse").put("location", "garden").put("driver", "iio").put("intervalSeconds", 30)
        .put("temperatureOffsetC", -0.4).put("humidityOffsetPct", 3).put("seed", "99")
        .put("iio", new JsonObject().put("device", "iio:device1").put("gpioPin", 17).put("sysfsRoot", "/tmp/iio"))
        .put("power", new JsonObject().put("pin", 27).put("activeHigh", false).put("cycleAfterFailures", 4).put("offSeconds", 2.5))
        .put("retries", 1).put("retryDelaySeconds", 3)
        .put("spike", new JsonObject().put("maxDeltaC", 3).put("maxDeltaPct", 10).put("window", 7).put("confirmations", 4))
        .put("failingAfterPolls", 5).put("offlineAfterIntervals", 20).put("readTimeoutSeconds", 12))
        .put("notBefore", "2024-01-01T00:00:00Z").put("statusEverySeconds", 10).put("logSummarySeconds", 300));

    assertThat(settings.notBefore()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
    assertThat(settings.statusEveryMs()).isEqualTo(10_000);
    assertThat(settings.logSummaryMs()).isEqualTo(300_000);
    assertThat(settings.needsGpio()).isTrue();
    assertThat(settings.sensors().get(0)).isEqualTo(new SensorSettings("greenhouse", "Greenhouse", "garden", DriverKind.IIO, 30_000,
        new Calibration(-0.4, 3), 99, new SensorSettings.Iio(Path.of("/tmp/iio"), "iio:device1", 17),
        new SensorSettings.Power(27, false, 4, 2500), 1, 3000, new SensorSettings.Spike(3, 10, 7, 4), 5, 20, 12_000));
  }

  static Stream<Arguments> invalidConfigs() {
    return Stream.of(
        invalid("unknown driver", s -> s.put("driver", "dht22"),
            "sensor.sensors[0].driver must be one of simulated, iio, got 'dht22'"),
        invalid("zero interval", s -> s.put("intervalSeconds", 0), "sensor.sensors[0].intervalSeconds must be more than 0"),
        invalid("negative interval", s -> s.put("intervalSeconds", -5), "sensor.sensors[0].intervalSeconds must be more than 0"),
        invalid("interval not a number", s -> s.put("intervalSeconds", "often"), "sensor.sensors[0].intervalSeconds must be a number"),
        invalid("iio faster than a DHT22", s -> s.put("driver", "iio").put("intervalSeconds", 1),
            "sensor.sensors[0].intervalSeconds must be at least 2 for the iio driver"),
        invalid("id with capitals", s -> s.put("id", "Living Room"), "sensor.sensors[0].id must be lower-case letters"),
        invalid("missing id", s -> s.remove("id"), "sensor.sensors[0].id is required"),
        invalid("data pin off the header", s -> s.put("iio", new JsonObject().put("gpioPin", 40)),
            "sensor.sensors[0].iio.gpioPin must be between 0 and 27, got 40"),
        invalid("power pin below -1", s -> s.put("power", new JsonObject().put("pin", -2)),
            "sensor.sensors[0].power.pin must be between -1 and 27, got -2"),
        invalid("power pin on the data pin", s -> s.put("driver", "iio").put("power", new JsonObject().put("pin", 4)),
            "sensor.sensors[0].power.pin 4 is already used by sensor.sensors[0].iio.gpioPin"),
        invalid("seed not a number", s -> s.put("seed", "lucky"), "sensor.sensors[0].seed must be a whole number"),
        invalid("one spike confirmation", s -> s.put("spike", new JsonObject().put("confirmations", 1)),
            "sensor.sensors[0].spike.confirmations must be between 2 and 100"),
        invalid("read timeout of zero", s -> s.put("readTimeoutSeconds", 0),
            "sensor.sensors[0].readTimeoutSeconds must be between 1 and 600, got 0"),
        invalid("calibration beyond reason", s -> s.put("temperatureOffsetC", 30),
            "sensor.sensors[0].temperatureOffsetC must be between -20 and 20"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidConfigs")
  void anInvalidSettingIsNamedWithItsFullPath(String name, Consumer<JsonObject> change, String message) {
    JsonObject sensor = new JsonObject().put("id", "ceiling");
    change.accept(sensor);

    assertThatThrownBy(() -> parse(config(sensor))).isInstanceOf(ConfigException.class).hasMessageContaining(message);
  }

  @Test
  void theStopBoundOfTheDeliveryDefaultsToFiveSecondsAndIsChecked() {
    assertThat(parse(config(new JsonObject().put("id", "a"))).delivery().stopMs()).isEqualTo(5_000);
    assertThat(parse(config(new JsonObject().put("id", "a")).put("delivery", new JsonObject().put("stopSeconds", 2)))
        .delivery().stopMs()).isEqualTo(2_000);
    JsonObject tooLong = config(new JsonObject().put("id", "a")).put("delivery", new JsonObject().put("stopSeconds", 3601));

    assertThatThrownBy(() -> parse(tooLong)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("sensor.delivery.stopSeconds");
  }

  @Test
  void theSpoolDefaultsToTheDataDirectoryWithAPerNodeSubdirectoryAndIsChecked() {
    DeliverySettings defaults = parse(config(new JsonObject().put("id", "a"))).delivery();
    assertThat(defaults.spoolDir()).isEqualTo(Path.of("./data"));
    assertThat(defaults.spoolMaxReadings()).isEqualTo(500_000);
    assertThat(defaults.spoolOf("test-node")).isEqualTo(Path.of("./data/sensor-spool-test-node"));
    JsonObject tiny = config(new JsonObject().put("id", "a")).put("delivery", new JsonObject().put("spoolMaxReadings", 10));
    JsonObject blank = config(new JsonObject().put("id", "a")).put("delivery", new JsonObject().put("spoolDir", " "));

    assertThatThrownBy(() -> parse(tiny)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("sensor.delivery.spoolMaxReadings must be between 100 and 10000000");
    assertThatThrownBy(() -> parse(blank)).isInstanceOf(ConfigException.class).hasMessageContaining("sensor.delivery.spoolDir must not be empty");
  }

  @Test
  void duplicateIdsAreRejected() {
    JsonObject config = config(new JsonObject().put("id", "ceiling"), new JsonObject().put("id", "floor"),
        new JsonObject().put("id", "ceiling"));

    assertThatThrownBy(() -> parse(config)).isInstanceOf(ConfigException.class)
        .hasMessage("sensor.sensors[2].id 'ceiling' is already the id of sensor.sensors[0]; ids must be unique on a node");
  }

  @Test
  void twoSensorsCannotShareAPowerPin() {
    JsonObject config = config(new JsonObject().put("id", "a").put("power", new JsonObject().put("pin", 17)),
        new JsonObject().put("id", "b").put("power", new JsonObject().put("pin", 17)));

    assertThatThrownBy(() -> parse(config)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("sensor.sensors[1].power.pin 17 is already used by sensor.sensors[0].power.pin");
  }

  @Test
  void anEmptySensorListIsRejected() {
    assertThatThrownBy(() -> parse(config())).isInstanceOf(ConfigException.class).hasMessageContaining("sensor.sensors must list");
  }

  @Test
  void aMalformedClockGuardIsRejected() {
    JsonObject config = config(new JsonObject().put("id", "a")).put("notBefore", "last tuesday");

    assertThatThrownBy(() -> parse(config)).isInstanceOf(ConfigException.class).hasMessageContaining("sensor.notBefore must be");
  }

  @Test
  void theNodeIdIsRequired() {
    JsonObject config = config(new JsonObject().put("id", "a"));
    config.remove("node");

    assertThatThrownBy(() -> parse(config)).isInstanceOf(ConfigException.class).hasMessageContaining("node.id is required");
  }

  @Test
  void theBuildTimeOfThisModuleIsFilledInByMaven() {
    Instant built = BuildTime.read();

    assertThat(built).isAfter(Instant.parse("2024-01-01T00:00:00Z")).isBeforeOrEqualTo(Instant.now());
  }

  private static Arguments invalid(String name, Consumer<JsonObject> change, String message) {
    return Arguments.of(name, change, message);
  }

  private static SensorVerticleSettings parse(JsonObject config) {
    return SensorVerticleSettings.from(config, () -> BUILT);
  }

  private static JsonObject config(JsonObject... sensors) {
    return new JsonObject()
        .put("sensors", new JsonArray(java.util.List.of((Object[]) sensors)))
        .put("node", new JsonObject().put("id", "test-node").put("name", "Test"));
  }
}
