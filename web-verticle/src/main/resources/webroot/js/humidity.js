/*
 * Dew point and absolute humidity of a reading, for readings that come over the bus (raw, as the sensor
 * read them). The server's DerivedHumidity computes the same for /api/readings and /api/readings/latest:
 * the Magnus formula over water, b = 17.62, c = 243.12 °C, rounded to hundredths with Math.round, which
 * rounds as Java's Math.round does. Keep the two in step (DashboardBrowserTest compares them).
 */
const B = 17.62;
const C = 243.12;
const E0_HPA = 6.112;
const WATER_PER_HPA_K = 2.1674;
const ZERO_CELSIUS_K = 273.15;

function hundredths(value) {
  // + 0 turns -0 into 0, as the server writes it.
  return Number.isFinite(value) ? Math.round(value * 100) / 100 + 0 : null;
}

const magnusExponent = celsius => B * celsius / (C + celsius);

/** °C; null where there is none (no humidity) or the inputs are not numbers. */
export function dewPointC(celsius, percent) {
  if (!(percent > 0) || !Number.isFinite(celsius) || !Number.isFinite(percent)) {
    return null;
  }
  const gamma = Math.log(percent / 100) + magnusExponent(celsius);
  return hundredths(C * gamma / (B - gamma));
}

/** g/m³; null where the inputs are not numbers. */
export function absoluteHumidityGm3(celsius, percent) {
  if (!Number.isFinite(celsius) || !Number.isFinite(percent)) {
    return null;
  }
  return hundredths(E0_HPA * Math.exp(magnusExponent(celsius)) * percent * WATER_PER_HPA_K / (ZERO_CELSIUS_K + celsius));
}

export function formatAbsoluteHumidity(gramsPerCubicMetre) {
  return gramsPerCubicMetre == null || Number.isNaN(gramsPerCubicMetre) ? '–' : gramsPerCubicMetre.toFixed(1);
}
