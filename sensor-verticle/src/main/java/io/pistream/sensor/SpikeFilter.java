package io.pistream.sensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Rejects a reading that jumps further than a set delta from the median of the recent accepted ones, as
 * a DHT22 that mis-reads a bit does. A real change (a window opened, the heating came on) shows up as
 * several consecutive reads that agree with each other: once enough of them do, the step is accepted
 * and becomes the new reference, so a real change is never rejected forever.
 */
final class SpikeFilter {

  private final double maxDeltaC;
  private final double maxDeltaPct;
  private final int window;
  private final int confirmations;
  private final Deque<Measurement> accepted = new ArrayDeque<>();
  private final List<Measurement> candidates = new ArrayList<>();

  SpikeFilter(SensorSettings.Spike settings) {
    this.maxDeltaC = settings.maxDeltaC();
    this.maxDeltaPct = settings.maxDeltaPct();
    this.window = settings.window();
    this.confirmations = settings.confirmations();
  }

  Verdict offer(Measurement reading) {
    if (accepted.isEmpty()) {
      remember(reading);
      return Verdict.ACCEPTED;
    }
    Measurement reference = median(accepted);
    if (near(reading, reference)) {
      candidates.clear();
      remember(reading);
      return Verdict.ACCEPTED;
    }
    if (!candidates.stream().allMatch(candidate -> near(reading, candidate))) {
      candidates.clear();
    }
    candidates.add(reading);
    if (candidates.size() >= confirmations) {
      accepted.clear();
      candidates.forEach(this::remember);
      candidates.clear();
      return Verdict.ACCEPTED;
    }
    return Verdict.rejected(Verdict.SPIKE, String.format(Locale.ROOT,
        "%.1f C / %.1f %%RH is more than %.1f C / %.1f %%RH away from the recent median %.1f C / %.1f %%RH (%d of %d agreeing reads accept a step)",
        reading.temperatureC(), reading.humidityPct(), maxDeltaC, maxDeltaPct, reference.temperatureC(), reference.humidityPct(),
        candidates.size(), confirmations), false);
  }

  private boolean near(Measurement a, Measurement b) {
    return Math.abs(a.temperatureC() - b.temperatureC()) <= maxDeltaC && Math.abs(a.humidityPct() - b.humidityPct()) <= maxDeltaPct;
  }

  private void remember(Measurement reading) {
    accepted.addLast(reading);
    while (accepted.size() > window) {
      accepted.removeFirst();
    }
  }

  private static Measurement median(Deque<Measurement> readings) {
    return new Measurement(median(readings, Measurement::temperatureC), median(readings, Measurement::humidityPct));
  }

  private static double median(Deque<Measurement> readings, ToDoubleFunction<Measurement> quantity) {
    double[] values = readings.stream().mapToDouble(quantity).sorted().toArray();
    int middle = values.length / 2;
    return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
  }
}
