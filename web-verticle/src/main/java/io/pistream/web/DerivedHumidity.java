package io.pistream.web;

/**
 * Dew point and absolute humidity from a temperature and a relative humidity, by the Magnus formula
 * over water with Sonntag's constants b = 17.62 and c = 243.12 °C (the WMO's choice). Both values are
 * rounded to hundredths like {@code Math.round(x * 100) / 100}, which is JavaScript's rounding as well,
 * so the dashboard's copy of these formulas ({@code js/humidity.js}) shows the same numbers.
 *
 * <p>{@link StrictMath} rather than {@link Math}: it is fdlibm, which browsers' {@code Math.log} and
 * {@code Math.exp} also come from, so a value on a rounding edge rounds the same way on both sides.
 */
final class DerivedHumidity {

  static final double B = 17.62;
  static final double C = 243.12;
  /** Saturation vapour pressure over water at 0 °C, hPa. */
  static final double E0_HPA = 6.112;
  /** Molar mass of water over the gas constant, with hPa and percent folded in: 18.02 / (100 * 0.08314). */
  static final double WATER_PER_HPA_K = 2.1674;
  static final double ZERO_CELSIUS_K = 273.15;

  /** Dew point in °C; null where it does not exist (no humidity) or the inputs are not numbers. */
  static Double dewPointC(double temperatureC, double humidityPct) {
    if (!(humidityPct > 0) || !Double.isFinite(temperatureC) || !Double.isFinite(humidityPct)) {
      return null;
    }
    double gamma = StrictMath.log(humidityPct / 100) + magnusExponent(temperatureC);
    return hundredths(C * gamma / (B - gamma));
  }

  /** Water vapour in the air, g/m³; null where the inputs are not numbers. */
  static Double absoluteHumidityGm3(double temperatureC, double humidityPct) {
    if (!Double.isFinite(temperatureC) || !Double.isFinite(humidityPct)) {
      return null;
    }
    double vapourPressureHpaPct = E0_HPA * StrictMath.exp(magnusExponent(temperatureC)) * humidityPct;
    return hundredths(vapourPressureHpaPct * WATER_PER_HPA_K / (ZERO_CELSIUS_K + temperatureC));
  }

  private static double magnusExponent(double temperatureC) {
    return B * temperatureC / (C + temperatureC);
  }

  private static Double hundredths(double value) {
    return Double.isFinite(value) ? Math.round(value * 100) / 100.0 : null;
  }

  private DerivedHumidity() {
  }
}
