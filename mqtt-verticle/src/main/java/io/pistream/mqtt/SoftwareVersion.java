package io.pistream.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The pistream version Maven filtered into this module's jar: the device's software version in Home Assistant. */
final class SoftwareVersion {

  private static final String RESOURCE = "io/pistream/mqtt/version.txt";

  /** Blocking: call on a worker. */
  static String read() {
    try (InputStream in = SoftwareVersion.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      return in == null ? "unknown" : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  private SoftwareVersion() {
  }
}
