package io.pistream.alerts;

/**
 * What one rule makes of one subject right now.
 *
 * @param value the measured value (temperature, humidity, free percent), null when the kind has none
 */
record Verdict(State state, Double value) {

  enum State {
    /** The condition holds: past the line, failing, offline. */
    BAD,
    /** Clear: back inside by the hysteresis, ok again. */
    GOOD,
    /** Neither: between the line and the hysteresis, or a state that neither fires nor clears (starting). */
    BETWEEN
  }

  static Verdict bad(Double value) {
    return new Verdict(State.BAD, value);
  }

  static Verdict good(Double value) {
    return new Verdict(State.GOOD, value);
  }

  static Verdict between(Double value) {
    return new Verdict(State.BETWEEN, value);
  }
}
