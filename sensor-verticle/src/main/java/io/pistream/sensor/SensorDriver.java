package io.pistream.sensor;

import java.io.IOException;

/**
 * A temperature/humidity sensor. {@link #read()} blocks (the kernel's DHT22 transaction takes a few
 * hundred ms and can time out), so it only ever runs on the sensor's worker thread.
 */
interface SensorDriver {

  /** @throws IOException when the sensor gave no measurement; a {@link SensorReadException} names why */
  Measurement read() throws IOException;

  /** What is read, for logs: "simulated, seed 42", "iio on GPIO 4". */
  String describe();
}
