package io.pistream.sensor;

import io.pistream.contracts.ConfigException;
import io.pistream.contracts.ConfigReader;
import io.pistream.contracts.Ids;
import java.nio.file.Path;

/**
 * One entry of {@code sensor.sensors}, validated. {@code conf/config.yaml} documents every setting and
 * its default.
 */
record SensorSettings(
    String id,
    String name,
    String location,
    DriverKind driver,
    long intervalMs,
    Calibration calibration,
    long seed,
    Iio iio,
    Power power,
    int retries,
    long retryDelayMs,
    Spike spike,
    int failingAfterPolls,
    int offlineAfterIntervals,
    long readTimeoutMs) {

  /** Where and how the iio driver finds its device. */
  record Iio(Path sysfsRoot, String device, int gpioPin) {
  }

  /** The optional GPIO that powers the sensor, to power-cycle it when it hangs. */
  record Power(int pin, boolean activeHigh, int cycleAfterFailures, long offMs) {

    boolean configured() {
      return pin >= 0;
    }
  }

  /** The spike filter's limits. */
  record Spike(double maxDeltaC, double maxDeltaPct, int window, int confirmations) {
  }

  static final int MAX_BCM_PIN = 27;
  /** A DHT22 cannot be read more often than every 2 s. */
  static final double MIN_IIO_INTERVAL_SECONDS = 2;

  static SensorSettings from(ConfigReader sensor) {
    String id = sensor.requiredString("id");
    Ids.require(id, sensor.path("id"));
    String name = sensor.string("name", "");
    DriverKind driver = DriverKind.fromWire(sensor.oneOf("driver", DriverKind.SIMULATED.wire(), DriverKind.wireNames()));
    double intervalSeconds = sensor.number("intervalSeconds", 2);
    if (!(intervalSeconds > 0) || intervalSeconds > 86_400) {
      throw new ConfigException(sensor.path("intervalSeconds") + " must be more than 0 and at most 86400, got " + intervalSeconds);
    }
    if (driver == DriverKind.IIO && intervalSeconds < MIN_IIO_INTERVAL_SECONDS) {
      throw new ConfigException(sensor.path("intervalSeconds") + " must be at least 2 for the iio driver (a DHT22 cannot be read more often), got "
          + intervalSeconds);
    }
    ConfigReader spike = sensor.section("spike");
    return new SensorSettings(
        id,
        name.isBlank() ? id : name,
        sensor.string("location", ""),
        driver,
        Math.round(intervalSeconds * 1000),
        new Calibration(sensor.number("temperatureOffsetC", 0, -20, 20), sensor.number("humidityOffsetPct", 0, -50, 50)),
        seed(sensor, id),
        iio(sensor.section("iio")),
        power(sensor.section("power")),
        (int) sensor.integer("retries", 2, 0, 10),
        Math.round(sensor.number("retryDelaySeconds", 2.5, 0, 600) * 1000),
        new Spike(
            spike.number("maxDeltaC", 5, 0.1, 120),
            spike.number("maxDeltaPct", 15, 0.1, 100),
            (int) spike.integer("window", 5, 1, 100),
            (int) spike.integer("confirmations", 3, 2, 100)),
        (int) sensor.integer("failingAfterPolls", 3, 1, 1000),
        (int) sensor.integer("offlineAfterIntervals", 10, 1, 100_000),
        sensor.integer("readTimeoutSeconds", 5, 1, 600) * 1000);
  }

  private static long seed(ConfigReader sensor, String id) {
    String text = sensor.string("seed", "").trim();
    if (text.isEmpty()) {
      return id.hashCode();
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new ConfigException(sensor.path("seed") + " must be a whole number or empty, got '" + text + "'");
    }
  }

  private static Iio iio(ConfigReader iio) {
    String root = iio.string("sysfsRoot", "/sys/bus/iio/devices");
    if (root.isBlank()) {
      throw new ConfigException(iio.path("sysfsRoot") + " must not be empty");
    }
    return new Iio(Path.of(root), iio.string("device", "").trim(), (int) iio.integer("gpioPin", 4, 0, MAX_BCM_PIN));
  }

  private static Power power(ConfigReader power) {
    return new Power(
        (int) power.integer("pin", -1, -1, MAX_BCM_PIN),
        power.bool("activeHigh", true),
        (int) power.integer("cycleAfterFailures", 5, 1, 1000),
        Math.round(power.number("offSeconds", 5, 0.1, 600) * 1000));
  }
}
