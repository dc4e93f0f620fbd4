package io.pistream.contracts;

import io.vertx.core.json.JsonObject;

/**
 * One alert, as published on {@link Addresses#ALERTS} when it fires, repeats or resolves, and as listed
 * by {@link Addresses#ALERTS_LIST}.
 *
 * @param id stable for the life of one alert (one rule, one subject, from firing to resolved)
 * @param rule the rule's name from {@code alerts.rules}
 * @param when the rule's kind: threshold, sensorFailing, sensorOffline, cameraOffline, nodeOffline,
 *     storageFailing or diskAlmostFull
 * @param node the node the subject lives on
 * @param subject what the alert is about: {@code node/sensor}, {@code node/camera}, or the node id
 * @param state {@code firing} or {@code resolved}
 * @param message one line for people: what, where, the value
 * @param value the measured value that fired it (temperature, humidity, free percent); null when the
 *     kind has none
 * @param since when the condition began, epoch ms
 * @param firedAt when the alert fired (the condition held for {@code forSeconds}), epoch ms
 * @param resolvedAt when it cleared, epoch ms; 0 while firing
 * @param link the dashboard's history page at that moment, empty when {@code alerts.dashboardUrl} is not set
 */
public record AlertEvent(
    String id,
    String rule,
    String when,
    String node,
    String subject,
    String state,
    String message,
    Double value,
    long since,
    long firedAt,
    long resolvedAt,
    String link) {

  public static final String FIRING = "firing";
  public static final String RESOLVED = "resolved";

  public AlertEvent {
    Messages.requireText(id, "id");
    Messages.requireText(rule, "rule");
    Messages.requireText(state, "state");
    if (!state.equals(FIRING) && !state.equals(RESOLVED)) {
      throw new IllegalArgumentException("state must be " + FIRING + " or " + RESOLVED + ", got " + state);
    }
  }

  public boolean firing() {
    return state.equals(FIRING);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("rule", rule)
        .put("when", when)
        .put("node", node)
        .put("subject", subject)
        .put("state", state)
        .put("message", message)
        .put("value", value)
        .put("since", since)
        .put("firedAt", firedAt)
        .put("resolvedAt", resolvedAt)
        .put("link", link);
  }

  /** @throws IllegalArgumentException naming the missing or malformed field */
  public static AlertEvent fromJson(JsonObject json) {
    return new AlertEvent(
        json.getString("id"),
        json.getString("rule"),
        json.getString("when", ""),
        json.getString("node", ""),
        json.getString("subject", ""),
        json.getString("state"),
        json.getString("message", ""),
        json.getDouble("value"),
        Messages.requireLong(json, "since"),
        Messages.requireLong(json, "firedAt"),
        json.getLong("resolvedAt", 0L),
        json.getString("link", ""));
  }
}
