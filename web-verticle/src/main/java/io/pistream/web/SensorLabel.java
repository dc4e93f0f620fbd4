package io.pistream.web;

import io.pistream.contracts.SensorKey;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/** What an answer adds to a sensor it names: its display name and location as this node knows them. */
record SensorLabel(String name, String location) {

  /** The labels of every known sensor ({@link SensorDirectory#merge} entries). */
  static Map<SensorKey, SensorLabel> of(Map<SensorKey, JsonObject> known) {
    Map<SensorKey, SensorLabel> labels = new HashMap<>();
    known.forEach((key, sensor) -> labels.put(key, new SensorLabel(sensor.getString("name"), sensor.getString("location"))));
    return labels;
  }

  /** Adds {@code name} and {@code location} to an answer item; a sensor this node does not know stays unlabelled. */
  static JsonObject addTo(JsonObject item, SensorLabel label) {
    return label == null ? item : item.put("name", label.name()).put("location", label.location());
  }
}
