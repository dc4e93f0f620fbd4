package io.pistream.web;

import io.pistream.contracts.Reading;
import io.vertx.core.json.JsonObject;

/**
 * One item of {@code /api/readings/latest}: a stored reading, its dew point and absolute humidity (see
 * {@link DerivedHumidity}) and its sensor's label (null: unknown here).
 */
record LabelledReading(Reading reading, SensorLabel label) {

  JsonObject toJson() {
    JsonObject json = reading.toJson()
        .put("dewPointC", DerivedHumidity.dewPointC(reading.temperatureC(), reading.humidityPct()))
        .put("absoluteHumidityGm3", DerivedHumidity.absoluteHumidityGm3(reading.temperatureC(), reading.humidityPct()));
    return SensorLabel.addTo(json, label);
  }
}
