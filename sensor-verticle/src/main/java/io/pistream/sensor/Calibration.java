package io.pistream.sensor;

/** Offsets that bring a sensor in line with a reference instrument; applied before validation. */
record Calibration(double temperatureOffsetC, double humidityOffsetPct) {

  Measurement apply(Measurement raw) {
    return new Measurement(raw.temperatureC() + temperatureOffsetC, raw.humidityPct() + humidityOffsetPct);
  }
}
