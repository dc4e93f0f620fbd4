package io.pistream.storage;

/**
 * The hash of one raw row that the digests of anti-entropy sum up: two independent 31-bit values of
 * (ts, temperature, humidity in hundredths). Digests are sums, so they do not depend on the order rows
 * were written in, and whole numbers, so two nodes holding the same rows agree exactly.
 *
 * <p>The same function exists as SQL ({@link #sqlA}, {@link #sqlB}) for rows already stored. SQLite
 * integers turn into floating point on overflow, so no 64-bit multiply-and-wrap mix: everything is
 * modulo the prime 2^31 - 1, where each product stays below 2^62. The product of three affine forms
 * makes it non-linear: rows that swap values between them change the sum.
 */
final class RowHash {

  static final long PRIME = 2_147_483_647L;
  /** Lifts hundredths (|x| < 10^8, see {@link CentiUnits#LIMIT}) to positive numbers below the prime. */
  private static final long OFFSET = 100_000_000L;

  private static final long[] A = {1_103_515_245L, 1_664_525_013L, 2_013_265_921L};
  private static final long[] B = {1_812_433_253L, 1_566_083_941L, 1_299_709_441L};

  static long a(long ts, int temperatureCenti, int humidityCenti) {
    return mix(A, ts, temperatureCenti, humidityCenti);
  }

  static long b(long ts, int temperatureCenti, int humidityCenti) {
    return mix(B, ts, temperatureCenti, humidityCenti);
  }

  private static long mix(long[] k, long ts, int temperatureCenti, int humidityCenti) {
    long t = Math.floorMod(ts, PRIME);
    long x = (t * k[0] + temperatureCenti + OFFSET) % PRIME;
    long y = (t * k[1] + humidityCenti + OFFSET) % PRIME;
    long z = (t * k[2] + temperatureCenti + humidityCenti + 2 * OFFSET + 1) % PRIME;
    return x * y % PRIME * z % PRIME;
  }

  /** {@link #a} over the columns of {@code readings_raw}. */
  static String sqlA() {
    return sql(A);
  }

  static String sqlB() {
    return sql(B);
  }

  private static String sql(long[] k) {
    String t = "((ts % " + PRIME + " + " + PRIME + ") % " + PRIME + ")";
    String x = "((" + t + " * " + k[0] + " + temperature_centi + " + OFFSET + ") % " + PRIME + ")";
    String y = "((" + t + " * " + k[1] + " + humidity_centi + " + OFFSET + ") % " + PRIME + ")";
    String z = "((" + t + " * " + k[2] + " + temperature_centi + humidity_centi + " + (2 * OFFSET + 1) + ") % " + PRIME + ")";
    return "(" + x + " * " + y + " % " + PRIME + " * " + z + " % " + PRIME + ")";
  }

  private RowHash() {
  }
}
