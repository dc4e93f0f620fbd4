package io.pistream.sensor;

import io.pistream.contracts.ConfigException;
import io.pistream.contracts.ConfigReader;
import java.nio.file.Path;

/**
 * The {@code sensor.delivery} settings: how readings reach storage and how many wait while it is away.
 *
 * @param maxBuffered readings kept in memory at most while storage does not acknowledge; the oldest go first
 * @param batchSize readings per store request at most
 * @param retryMs wait before resending after a failed or unanswered request; readings still
 *     unacknowledged after it are moved to the spool
 * @param timeoutMs how long a store request may go unanswered
 * @param stopMs how long stopping may wait for storage to acknowledge the buffered readings
 * @param spoolDir the directory that holds the spool of each node ({@code sensor-spool-<node>/})
 * @param spoolMaxReadings readings kept in the spool at most; the oldest go first
 */
record DeliverySettings(int maxBuffered, int batchSize, long retryMs, long timeoutMs, long stopMs, Path spoolDir, int spoolMaxReadings) {

  static DeliverySettings from(ConfigReader delivery) {
    String spoolDir = delivery.string("spoolDir", "./data");
    if (spoolDir.isBlank()) {
      throw new ConfigException(delivery.path("spoolDir") + " must not be empty");
    }
    return new DeliverySettings(
        (int) delivery.integer("maxBuffered", 20_000, 1, 10_000_000),
        (int) delivery.integer("batchSize", 500, 1, 10_000),
        delivery.integer("retrySeconds", 5, 1, 3600) * 1000,
        delivery.integer("timeoutSeconds", 10, 1, 600) * 1000,
        delivery.integer("stopSeconds", 5, 1, 600) * 1000,
        Path.of(spoolDir),
        (int) delivery.integer("spoolMaxReadings", 500_000, 100, 10_000_000));
  }

  /** This node's spool: per node, so that nodes sharing a data directory never mix their readings. */
  Path spoolOf(String nodeId) {
    return spoolDir.resolve("sensor-spool-" + nodeId);
  }
}
