package io.pistream.storage;

import java.util.HashMap;
import java.util.Map;

/**
 * The newest reading of each sensor that is committed to the database. A queued reading newer than it
 * cannot be in the database yet, which is how queries add what is still waiting to be written without
 * counting a reading twice. Confined to the storage verticle's event loop.
 */
final class WrittenThrough {

  private final Map<Integer, Long> newest = new HashMap<>();

  void wrote(int sensorId, long ts) {
    newest.merge(sensorId, ts, Math::max);
  }

  /** Epoch ms of the sensor's newest committed reading; 0 when none. */
  long newest(int sensorId) {
    return newest.getOrDefault(sensorId, 0L);
  }
}
