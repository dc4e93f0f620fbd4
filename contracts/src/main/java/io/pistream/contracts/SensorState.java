package io.pistream.contracts;

/** What a sensor is doing, as the dashboard shows it. */
public enum SensorState {
  /** Polled, no reading yet. */
  STARTING,
  /** Reads are accepted. */
  OK,
  /** Reads keep failing or being rejected; the sensor is still answering something. */
  FAILING,
  /** No accepted reading for longer than the configured number of intervals. */
  OFFLINE;

  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static SensorState fromWire(String value) {
    return valueOf(Messages.requireText(value, "state").toUpperCase(java.util.Locale.ROOT));
  }
}
