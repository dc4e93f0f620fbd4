package io.pistream.alerts;

import io.pistream.contracts.Reading;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** What a threshold rule compares: one of a reading's two values, with the unit people read. */
enum Quantity {
  TEMPERATURE("temperature", "C"),
  HUMIDITY("humidity", "%");

  final String wire;
  final String unit;

  Quantity(String wire, String unit) {
    this.wire = wire;
    this.unit = unit;
  }

  double of(Reading reading) {
    return this == TEMPERATURE ? reading.temperatureC() : reading.humidityPct();
  }

  static Optional<Quantity> fromWire(String wire) {
    return Arrays.stream(values()).filter(q -> q.wire.equals(wire)).findFirst();
  }

  static List<String> wires() {
    return Arrays.stream(values()).map(q -> q.wire).toList();
  }
}
