package io.pistream.sensor;

import io.pistream.contracts.ConfigReader;

/**
 * The {@code sensor.delivery} settings: how readings reach storage and how many wait while it is away.
 *
 * @param maxBuffered readings kept at most while storage does not acknowledge; the oldest go first
 * @param batchSize readings per store request at most
 * @param retryMs wait before resending after a failed or unanswered request
 * @param timeoutMs how long a store request may go unanswered
 * @param stopMs how long stopping may wait for storage to acknowledge the buffered readings
 */
record DeliverySettings(int maxBuffered, int batchSize, long retryMs, long timeoutMs, long stopMs) {

  static DeliverySettings from(ConfigReader delivery) {
    return new DeliverySettings(
        (int) delivery.integer("maxBuffered", 20_000, 1, 10_000_000),
        (int) delivery.integer("batchSize", 500, 1, 10_000),
        delivery.integer("retrySeconds", 5, 1, 3600) * 1000,
        delivery.integer("timeoutSeconds", 10, 1, 600) * 1000,
        delivery.integer("stopSeconds", 5, 1, 600) * 1000);
  }
}
