package io.pistream.sensor;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The drivers a sensor can be configured with, by their config name. */
enum DriverKind {
  /** Made-up daily curves; needs no hardware. */
  SIMULATED,
  /** A DHT22 through the Linux kernel's dht11 IIO driver. */
  IIO;

  String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  static List<String> wireNames() {
    return Arrays.stream(values()).map(DriverKind::wire).toList();
  }

  static DriverKind fromWire(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
