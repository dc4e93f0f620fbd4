package io.pistream.storage;

/**
 * Temperatures and humidities are stored as whole hundredths: two bytes a value on disk instead of
 * eight, and exact sums in the rollups. A DHT22 resolves 0.1, so nothing measured is lost.
 */
final class CentiUnits {

  /** Larger magnitudes cannot be a reading; they also keep every sum far from overflowing. */
  static final double LIMIT = 1_000_000;

  static int of(double value) {
    return (int) Math.round(value * 100);
  }

  static double value(long centi) {
    return centi / 100.0;
  }

  static double average(long centiSum, long count) {
    return Math.round((double) centiSum / count) / 100.0;
  }

  static boolean storable(double value) {
    return Double.isFinite(value) && Math.abs(value) < LIMIT;
  }

  private CentiUnits() {
  }
}
