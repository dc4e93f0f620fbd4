package io.pistream.web;

import io.pistream.contracts.Reading;
import io.vertx.core.json.JsonObject;

/** One item of {@code /api/readings/latest}: a stored reading with its sensor's label (null: unknown here). */
record LabelledReading(Reading reading, SensorLabel label) {

  JsonObject toJson() {
    return SensorLabel.addTo(reading.toJson(), label);
  }
}
