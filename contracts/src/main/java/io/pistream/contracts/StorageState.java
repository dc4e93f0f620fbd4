package io.pistream.contracts;

import java.util.Locale;

/** Whether a storage node is writing what it is given. */
public enum StorageState {
  /** The last write succeeded (or nothing needed writing yet). */
  OK,
  /** Writes fail (disk full, database error, file gone); readings are kept in memory and retried. */
  FAILING;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static StorageState fromWire(String value) {
    return valueOf(Messages.requireText(value, "state").toUpperCase(Locale.ROOT));
  }
}
