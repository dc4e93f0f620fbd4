package io.pistream.sensor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Properties;

/** When this module was built, from the resource Maven fills in: the default clock guard. */
final class BuildTime {

  private static final String RESOURCE = "build.properties";

  static Instant read() {
    Properties properties = new Properties();
    try (InputStream in = BuildTime.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the sensor-verticle jar");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    String value = properties.getProperty("buildTime", "");
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalStateException(RESOURCE + " holds no build time ('" + value + "'): was the jar built by Maven?", e);
    }
  }

  private BuildTime() {
  }
}
