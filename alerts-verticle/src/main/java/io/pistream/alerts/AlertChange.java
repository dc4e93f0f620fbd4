package io.pistream.alerts;

/**
 * What the engine decided on one evaluation for one alert: each becomes a stored state, a bus event and
 * a notification.
 *
 * @param alert the alert as it stands after the change
 * @param at when it happened, epoch ms
 */
record AlertChange(Type type, Alert alert, long at) {

  enum Type {
    FIRED,
    REPEATED,
    RESOLVED
  }
}
