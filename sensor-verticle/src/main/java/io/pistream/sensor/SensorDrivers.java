package io.pistream.sensor;

import java.nio.file.Files;
import java.time.ZoneId;

/** Builds the driver a sensor's settings name. */
final class SensorDrivers {

  static SensorDriver create(SensorSettings settings) {
    return switch (settings.driver()) {
      case SIMULATED -> new SimulatedDriver(settings.seed(), System::currentTimeMillis, ZoneId.systemDefault());
      case IIO -> new IioDriver(
          new IioDeviceLocator(settings.iio().sysfsRoot(), settings.iio().device(), settings.iio().gpioPin()),
          Files::readString);
    };
  }

  private SensorDrivers() {
  }
}
