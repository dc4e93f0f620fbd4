package io.pistream.sensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds the IIO directory of a DHT22 read by the kernel's dht11 driver.
 *
 * <p>{@code iio:deviceN} numbers follow probe order and can change across boots, so unless a device is
 * configured the sensor is found by its data pin. What this relies on, from the Raspberry Pi kernel's
 * {@code dht11-overlay.dts} and {@code drivers/iio/humidity/dht11.c}:
 * <ul>
 *   <li>the overlay's node is {@code dht11@<unit address>}, and its {@code gpiopin} parameter sets the
 *       node's {@code reg} together with the pin, which makes the unit address the pin in hex
 *       ({@code dtoverlay=dht11,gpiopin=17} gives {@code dht11@11});
 *   <li>the driver names the IIO device after its platform device, so the device's {@code name} file
 *       reads {@code dht11@11}, and its {@code of_node} link ends in that node name;
 *   <li>overlays from before the {@code reg} parameter name every node {@code dht11@0}; for those the
 *       pin is the second cell of the node's {@code gpios} property ({@code <phandle pin flags>},
 *       big-endian 32-bit cells).
 * </ul>
 */
final class IioDeviceLocator {

  private static final String NAME_PREFIX = "dht11";

  private final Path sysfsRoot;
  private final String device;
  private final int gpioPin;

  /**
   * @param sysfsRoot where the IIO devices are listed, normally {@code /sys/bus/iio/devices}
   * @param device a fixed device ({@code iio:device0} under the root, or an absolute path); empty to
   *     find it by pin
   * @param gpioPin the BCM pin of the sensor's data line
   */
  IioDeviceLocator(Path sysfsRoot, String device, int gpioPin) {
    this.sysfsRoot = sysfsRoot;
    this.device = device;
    this.gpioPin = gpioPin;
  }

  Path locate() throws SensorReadException {
    if (!device.isBlank()) {
      Path fixed = sysfsRoot.resolve(device);
      if (!Files.isDirectory(fixed)) {
        throw new SensorReadException(SensorReadException.NO_DEVICE, "IIO device " + fixed + " does not exist");
      }
      return fixed;
    }
    List<Path> matches = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    try (DirectoryStream<Path> devices = Files.newDirectoryStream(sysfsRoot, "iio:device*")) {
      for (Path candidate : devices) {
        String name = readTrimmed(candidate.resolve("name"));
        seen.add(candidate.getFileName() + " '" + name + "'");
        if (isOnPin(candidate, name)) {
          matches.add(candidate);
        }
      }
    } catch (IOException e) {
      throw new SensorReadException(SensorReadException.NO_DEVICE, "cannot list IIO devices under " + sysfsRoot + ": " + e, e);
    }
    if (matches.size() == 1) {
      return matches.get(0);
    }
    if (matches.isEmpty()) {
      throw new SensorReadException(SensorReadException.NO_DEVICE, "no dht11 IIO device on GPIO " + gpioPin + " under " + sysfsRoot
          + " (found " + (seen.isEmpty() ? "none" : String.join(", ", seen)) + "); is dtoverlay=dht11,gpiopin=" + gpioPin
          + " in config.txt?");
    }
    throw new SensorReadException(SensorReadException.NO_DEVICE, "several dht11 IIO devices claim GPIO " + gpioPin + ": " + matches
        + "; set iio.device");
  }

  String describe() {
    return device.isBlank() ? "the dht11 device on GPIO " + gpioPin : sysfsRoot.resolve(device).toString();
  }

  private boolean isOnPin(Path candidate, String name) {
    String expected = NAME_PREFIX + "@" + Integer.toHexString(gpioPin);
    if (name.toLowerCase(Locale.ROOT).equals(expected) || expected.equals(ofNodeName(candidate))) {
      return true;
    }
    return name.startsWith(NAME_PREFIX) && pinFromGpiosProperty(candidate) == gpioPin;
  }

  private static String ofNodeName(Path candidate) {
    try {
      Path node = candidate.resolve("of_node").toRealPath();
      return node.getFileName().toString().toLowerCase(Locale.ROOT);
    } catch (IOException e) {
      return "";
    }
  }

  private static int pinFromGpiosProperty(Path candidate) {
    try {
      byte[] cells = Files.readAllBytes(candidate.resolve("of_node").resolve("gpios"));
      return cells.length >= 8 ? ByteBuffer.wrap(cells).getInt(4) : -1;
    } catch (IOException e) {
      return -1;
    }
  }

  private static String readTrimmed(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).trim();
    } catch (IOException e) {
      return "";
    }
  }
}
