package io.pistream.launcher;

import io.pistream.contracts.NodeHealth;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads the machine's health from sysfs: the first thermal zone's temperature and, on a Raspberry Pi,
 * the firmware's throttling flags (the bits {@code vcgencmd get_throttled} prints) or, where only the
 * hwmon driver is there, its under-voltage alarm. Blocking file reads: call it on a worker. What the
 * machine does not have reads as null.
 */
final class MachineHealthReader {

  /** Bits of the firmware's get_throttled word. */
  static final int UNDER_VOLTAGE_NOW = 1;
  static final int FREQUENCY_CAPPED_NOW = 1 << 1;
  static final int THROTTLED_NOW = 1 << 2;
  static final int UNDER_VOLTAGE_SINCE_BOOT = 1 << 16;
  static final int THROTTLED_SINCE_BOOT = 1 << 18;

  private final Path sys;
  private final Path dataDir;

  /**
   * @param sys the sysfs root, {@code /sys} (a directory tree of fake files in tests)
   * @param dataDir the node's data directory, whose file system's free space is reported
   */
  MachineHealthReader(Path sys, Path dataDir) {
    this.sys = sys;
    this.dataDir = dataDir;
  }

  NodeHealth read(String node, long now) {
    Double temperature = socTemperature();
    Integer flags = throttledFlags();
    Boolean underVoltageNow = flags != null ? (Boolean) ((flags & UNDER_VOLTAGE_NOW) != 0) : hwmonUnderVoltage();
    long free = -1;
    long total = -1;
    try {
      FileStore store = Files.getFileStore(existingAncestor(dataDir.toAbsolutePath()));
      free = store.getUsableSpace();
      total = store.getTotalSpace();
    } catch (IOException e) {
      // Unknown: reported as -1.
    }
    return new NodeHealth(node, now, temperature,
        underVoltageNow,
        flags == null ? null : (flags & UNDER_VOLTAGE_SINCE_BOOT) != 0,
        flags == null ? null : (flags & THROTTLED_NOW) != 0,
        flags == null ? null : (flags & THROTTLED_SINCE_BOOT) != 0,
        flags == null ? null : (flags & FREQUENCY_CAPPED_NOW) != 0,
        free, total);
  }

  /** Millidegrees in {@code class/thermal/thermal_zone0/temp}. */
  private Double socTemperature() {
    String text = readTrimmed(sys.resolve("class/thermal/thermal_zone0/temp"));
    if (text == null) {
      return null;
    }
    try {
      return Math.round(Long.parseLong(text) / 100.0) / 10.0;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The firmware driver prints the word in hex ({@code 50005}); tolerate {@code 0x} and {@code throttled=}. */
  private Integer throttledFlags() {
    String text = readTrimmed(sys.resolve("devices/platform/soc/soc:firmware/get_throttled"));
    if (text == null) {
      return null;
    }
    String hex = text.toLowerCase(Locale.ROOT).replace("throttled=", "").replace("0x", "");
    try {
      return (int) Long.parseLong(hex, 16);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The {@code rpi_volt} hwmon device's {@code in0_lcrit_alarm}: 1 while under-voltage. */
  private Boolean hwmonUnderVoltage() {
    Path hwmon = sys.resolve("class/hwmon");
    if (!Files.isDirectory(hwmon)) {
      return null;
    }
    try (DirectoryStream<Path> devices = Files.newDirectoryStream(hwmon)) {
      for (Path device : devices) {
        if ("rpi_volt".equals(readTrimmed(device.resolve("name")))) {
          String alarm = readTrimmed(device.resolve("in0_lcrit_alarm"));
          return alarm == null ? null : !alarm.equals("0");
        }
      }
    } catch (IOException e) {
      return null;
    }
    return null;
  }

  /** A data dir not made yet still has a file system: its parent's. */
  private static Path existingAncestor(Path path) {
    Path candidate = path;
    while (candidate != null && !Files.exists(candidate)) {
      candidate = candidate.getParent();
    }
    return candidate == null ? path.getRoot() : candidate;
  }

  private static String readTrimmed(Path file) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII).trim();
    } catch (IOException | SecurityException e) {
      return null;
    }
  }
}
