package io.pistream.sensor;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A DHT22 read through the Linux kernel's dht11 IIO driver, which does the microsecond timing that Java
 * cannot: {@code in_temp_input} in milli-degrees C and {@code in_humidityrelative_input} in milli-%RH.
 * The driver answers both files from one sensor transaction (it caches a read for about 2 s). About one
 * read in four fails on a real Pi with EIO or ETIMEDOUT; the poller retries those.
 */
final class IioDriver implements SensorDriver {

  static final String TEMPERATURE_FILE = "in_temp_input";
  static final String HUMIDITY_FILE = "in_humidityrelative_input";

  /** Reads one sysfs attribute; a seam so tests can fail reads the way the kernel does. */
  @FunctionalInterface
  interface AttributeReader {
    String read(Path file) throws IOException;
  }

  private final IioDeviceLocator locator;
  private final AttributeReader attributes;
  private volatile Path device;

  IioDriver(IioDeviceLocator locator, AttributeReader attributes) {
    this.locator = locator;
    this.attributes = attributes;
  }

  @Override
  public Measurement read() throws IOException {
    Path dir = device;
    if (dir == null) {
      dir = locator.locate();
      device = dir;
    }
    try {
      double temperature = milli(dir.resolve(TEMPERATURE_FILE)) / 1000.0;
      double humidity = milli(dir.resolve(HUMIDITY_FILE)) / 1000.0;
      return new Measurement(temperature, humidity);
    } catch (SensorReadException e) {
      if (e.reason().equals(SensorReadException.MISSING)) {
        // The module was reloaded or the device renumbered: look it up again next time.
        device = null;
      }
      throw e;
    }
  }

  private long milli(Path file) throws SensorReadException {
    String text;
    try {
      text = attributes.read(file);
    } catch (IOException e) {
      throw classify(file, e);
    }
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
      throw new SensorReadException(SensorReadException.GARBAGE, file + ": not a number: '" + shown.strip() + "'");
    }
  }

  private static SensorReadException classify(Path file, IOException e) {
    if (e instanceof NoSuchFileException) {
      return new SensorReadException(SensorReadException.MISSING, file + " does not exist", e);
    }
    if (e instanceof AccessDeniedException) {
      return new SensorReadException(SensorReadException.PERMISSION, file + ": permission denied", e);
    }
    String message = String.valueOf(e.getMessage());
    if (message.contains("Input/output error")) {
      return new SensorReadException(SensorReadException.EIO, file + ": " + message, e);
    }
    if (message.contains("timed out")) {
      return new SensorReadException(SensorReadException.ETIMEDOUT, file + ": " + message, e);
    }
    return new SensorReadException(SensorReadException.IO, file + ": " + message, e);
  }

  @Override
  public String describe() {
    return "iio, " + locator.describe();
  }
}
