package io.pistream.sensor;

import java.time.Instant;
import java.util.Locale;

/**
 * Decides whether a calibrated measurement may be published: the clock must be set, the values must be
 * physically possible for a DHT22 (sub-zero temperatures are real and kept), and the reading must not
 * be a spike.
 */
final class ReadingValidator {

  static final double MIN_C = -40;
  static final double MAX_C = 80;
  static final double MIN_PCT = 0;
  static final double MAX_PCT = 100;

  private final Instant notBefore;
  private final SpikeFilter spikes;

  ReadingValidator(Instant notBefore, SpikeFilter spikes) {
    this.notBefore = notBefore;
    this.spikes = spikes;
  }

  Verdict check(Measurement calibrated, long timestampMs) {
    if (timestampMs < notBefore.toEpochMilli()) {
      return Verdict.rejected(Verdict.CLOCK, "reading stamped " + Instant.ofEpochMilli(timestampMs) + " is before " + notBefore
          + " (sensor.notBefore): the system clock is not set yet", false);
    }
    double t = calibrated.temperatureC();
    double h = calibrated.humidityPct();
    if (!(t >= MIN_C && t <= MAX_C && h >= MIN_PCT && h <= MAX_PCT)) {
      return Verdict.rejected(Verdict.RANGE, String.format(Locale.ROOT,
          "%.1f C / %.1f %%RH is outside what a DHT22 measures (-40..80 C, 0..100 %%RH)", t, h), true);
    }
    return spikes.offer(calibrated);
  }
}
