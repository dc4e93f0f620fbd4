package io.pistream.mqtt;

import io.pistream.contracts.Reading;
import io.vertx.core.json.JsonObject;

/**
 * What this node last told the broker about one sensor, so that a reconnect publishes the latest state
 * again instead of a queue of everything missed.
 */
final class PublishedSensor {

  private final String id;
  private String name;
  private String state = "ok";
  private Reading latest;

  PublishedSensor(String id) {
    this.id = id;
    this.name = id;
  }

  String id() {
    return id;
  }

  String name() {
    return name;
  }

  /** @return whether the name changed, so that the discovery configs are sent again */
  boolean rename(String newName) {
    String effective = newName == null || newName.isBlank() ? id : newName;
    boolean changed = !effective.equals(name);
    name = effective;
    return changed;
  }

  /** @return whether the state changed */
  boolean state(String newState) {
    boolean changed = !newState.equals(state);
    state = newState;
    return changed;
  }

  void reading(Reading reading) {
    latest = reading;
  }

  boolean hasReading() {
    return latest != null;
  }

  /** The state topic's payload; only once there is a reading, since Home Assistant's templates need the values. */
  JsonObject stateJson() {
    return new JsonObject()
        .put("temperature", latest.temperatureC())
        .put("humidity", latest.humidityPct())
        .put("ts", latest.ts())
        .put("state", state);
  }
}
