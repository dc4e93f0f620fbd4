package io.pistream.sensor;

/**
 * What validation made of a measurement.
 *
 * @param accepted whether it may be published
 * @param reason the short tag a rejection is counted under ("range", "spike", "clock not set")
 * @param detail what exactly was wrong, for the log and the sensor's status
 * @param retryable whether reading again at once may help (a garbled value), or not (a clock not yet set)
 */
record Verdict(boolean accepted, String reason, String detail, boolean retryable) {

  static final String RANGE = "range";
  static final String SPIKE = "spike";
  static final String CLOCK = "clock not set";

  static final Verdict ACCEPTED = new Verdict(true, "", "", false);

  static Verdict rejected(String reason, String detail, boolean retryable) {
    return new Verdict(false, reason, detail, retryable);
  }
}
