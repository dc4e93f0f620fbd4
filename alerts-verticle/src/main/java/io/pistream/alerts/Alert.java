package io.pistream.alerts;

/**
 * One alert's state: what the engine keeps while it fires and the state file keeps across restarts.
 *
 * @param id stable from firing to resolved
 * @param kind the rule's kind, as {@link RuleKind#wire}
 * @param subject {@link Subject#key()}
 * @param since when the condition began, epoch ms
 * @param firedAt when it had held for the rule's {@code forSeconds}, epoch ms
 * @param value the latest measured value, null when the kind has none
 * @param lastNotifiedAt when a notification (fired or repeated) was last made, epoch ms
 * @param resolvedAt when it cleared, epoch ms; 0 while firing
 */
record Alert(String id, String rule, String kind, String node, String subject, long since, long firedAt, Double value,
    long lastNotifiedAt, long resolvedAt) {

  boolean firing() {
    return resolvedAt == 0;
  }

  Alert withValue(Double newValue) {
    return newValue == null ? this : new Alert(id, rule, kind, node, subject, since, firedAt, newValue, lastNotifiedAt, resolvedAt);
  }

  Alert notifiedAt(long at) {
    return new Alert(id, rule, kind, node, subject, since, firedAt, value, at, resolvedAt);
  }

  Alert resolvedAt(long at, Double lastValue) {
    return new Alert(id, rule, kind, node, subject, since, firedAt, lastValue == null ? value : lastValue, lastNotifiedAt, at);
  }
}
