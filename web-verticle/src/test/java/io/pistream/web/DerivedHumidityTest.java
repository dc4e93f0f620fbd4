package io.pistream.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DerivedHumidityTest {

  /** Worked out separately (python3, the same Magnus constants); tables give 9.3 °C and 8.65 g/m³ at 20 °C / 50 %. */
  @ParameterizedTest(name = "{0} °C, {1} % -> dew point {2} °C, {3} g/m³")
  @CsvSource({
      "20, 50, 9.26, 8.62",
      "25, 60, 16.69, 13.78",
      "21.4, 48.2, 9.99, 9.02",
      "2, 56, -5.87, 3.11",
      "-1.25, 65.5, -6.89, 2.91",
      "-10, 80, -12.8, 1.89",
      "-40, 50, -46.46, 0.09",
      "0, 100, 0, 4.85",
      "30, 100, 30, 30.27",
      "35, 90, 33.11, 35.53",
  })
  void knownValues(double temperatureC, double humidityPct, double dewPointC, double absoluteHumidityGm3) {
    assertThat(DerivedHumidity.dewPointC(temperatureC, humidityPct)).isEqualTo(dewPointC);
    assertThat(DerivedHumidity.absoluteHumidityGm3(temperatureC, humidityPct)).isEqualTo(absoluteHumidityGm3);
  }

  @Test
  void saturatedAirHasItsOwnTemperatureAsDewPoint() {
    for (int centi = -4000; centi <= 6000; centi += 7) {
      double temperature = centi / 100.0;
      assertThat(DerivedHumidity.dewPointC(temperature, 100)).as("at %s °C", temperature).isEqualTo(temperature);
    }
  }

  @Test
  void drierAirHasALowerDewPointAndLessWater() {
    for (int humidity = 1; humidity < 100; humidity++) {
      assertThat(DerivedHumidity.dewPointC(15, humidity)).isLessThan(15.0).isLessThanOrEqualTo(DerivedHumidity.dewPointC(15, humidity + 1));
      assertThat(DerivedHumidity.absoluteHumidityGm3(15, humidity)).isLessThanOrEqualTo(DerivedHumidity.absoluteHumidityGm3(15, humidity + 1));
    }
  }

  @Test
  void withoutHumidityThereIsNoDewPointAndNoWater() {
    assertThat(DerivedHumidity.dewPointC(20, 0)).isNull();
    assertThat(DerivedHumidity.dewPointC(20, -0.5)).isNull();
    assertThat(DerivedHumidity.absoluteHumidityGm3(20, 0)).isEqualTo(0.0);
  }

  @Test
  void valuesAreWholeHundredthsWithoutNegativeZero() {
    assertThat(DerivedHumidity.dewPointC(20, 0.5)).isEqualTo(-44.6);
    assertThat(DerivedHumidity.dewPointC(-0.001, 100)).isEqualTo(0.0);
    assertThat(Double.doubleToRawLongBits(DerivedHumidity.dewPointC(-0.001, 100))).as("not -0.0").isZero();
    assertThat(DerivedHumidity.absoluteHumidityGm3(-10, 0.01)).isEqualTo(0.0);
  }

  @Test
  void notANumberGivesNull() {
    assertThat(DerivedHumidity.dewPointC(Double.NaN, 50)).isNull();
    assertThat(DerivedHumidity.dewPointC(20, Double.NaN)).isNull();
    assertThat(DerivedHumidity.absoluteHumidityGm3(Double.POSITIVE_INFINITY, 50)).isNull();
  }
}
