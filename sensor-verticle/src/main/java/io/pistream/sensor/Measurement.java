package io.pistream.sensor;

/** One read of a temperature/humidity sensor, raw or calibrated. */
record Measurement(double temperatureC, double humidityPct) {
}
