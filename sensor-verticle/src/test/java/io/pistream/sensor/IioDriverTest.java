package io.pistream.sensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The iio driver on a fake {@code /sys/bus/iio/devices} tree. */
class IioDriverTest {

  @TempDir
  Path sysfs;

  @Test
  void readsMilliUnitsAsDegreesAndPercent() throws IOException {
    device("iio:device0", "dht11@4", "21300\n", "45600\n");

    Measurement m = driverOnPin(4).read();

    assertThat(m.temperatureC()).isCloseTo(21.3, within(1e-9));
    assertThat(m.humidityPct()).isCloseTo(45.6, within(1e-9));
  }

  @Test
  void keepsNegativeTemperatures() throws IOException {
    device("iio:device0", "dht11@4", "-5200\n", "81000\n");

    assertThat(driverOnPin(4).read().temperatureC()).isCloseTo(-5.2, within(1e-9));
  }

  @Test
  void garbageTextIsAFailedReadNamingTheFile() throws IOException {
    device("iio:device0", "dht11@4", "twenty-one\n", "45600\n");

    assertThatThrownBy(() -> driverOnPin(4).read())
        .isInstanceOfSatisfying(SensorReadException.class, e -> assertThat(e.reason()).isEqualTo(SensorReadException.GARBAGE))
        .hasMessageContaining("in_temp_input")
        .hasMessageContaining("twenty-one");
  }

  @Test
  void aMissingFileIsAFailedRead() throws IOException {
    Path dir = device("iio:device0", "dht11@4", "21300\n", "45600\n");
    Files.delete(dir.resolve(IioDriver.HUMIDITY_FILE));

    assertThatThrownBy(() -> driverOnPin(4).read())
        .isInstanceOfSatisfying(SensorReadException.class, e -> assertThat(e.reason()).isEqualTo(SensorReadException.MISSING))
        .hasMessageContaining("in_humidityrelative_input");
  }

  @Test
  void aFileThatCannotBeReadIsAFailedRead() throws IOException {
    Path dir = device("iio:device0", "dht11@4", "21300\n", "45600\n");
    Files.delete(dir.resolve(IioDriver.TEMPERATURE_FILE));
    Files.createDirectory(dir.resolve(IioDriver.TEMPERATURE_FILE));

    assertThatThrownBy(() -> driverOnPin(4).read())
        .isInstanceOfSatisfying(SensorReadException.class, e -> assertThat(e.reason()).isEqualTo(SensorReadException.IO));
  }

  @Test
  void kernelErrorsAreToldApartSoSummariesCountThem() throws IOException {
    device("iio:device0", "dht11@4", "21300\n", "45600\n");
    IioDeviceLocator locator = new IioDeviceLocator(sysfs, "", 4);

    IioDriver eio = new IioDriver(locator, file -> {
      throw new IOException("Input/output error");
    });
    IioDriver timeout = new IioDriver(locator, file -> {
      throw new IOException("Connection timed out");
    });

    assertThatThrownBy(eio::read).isInstanceOfSatisfying(SensorReadException.class, e -> assertThat(e.reason()).isEqualTo("EIO"));
    assertThatThrownBy(timeout::read).isInstanceOfSatisfying(SensorReadException.class, e -> assertThat(e.reason()).isEqualTo("ETIMEDOUT"));
  }

  @Test
  void aReadAfterAFailedOneSucceeds() throws IOException {
    device("iio:device0", "dht11@4", "21300\n", "45600\n");
    AtomicInteger calls = new AtomicInteger();
    IioDriver driver = new IioDriver(new IioDeviceLocator(sysfs, "", 4), file -> {
      if (calls.incrementAndGet() == 1) {
        throw new IOException("Input/output error");
      }
      return Files.readString(file);
    });

    assertThatThrownBy(driver::read).isInstanceOf(SensorReadException.class);
    assertThat(driver.read().humidityPct()).isCloseTo(45.6, within(1e-9));
  }

  @Test
  void findsTheDeviceByThePinInItsName() throws IOException {
    device("iio:device0", "dht11@4", "10000\n", "10000\n");
    device("iio:device1", "dht11@11", "17000\n", "17000\n");
    device("iio:device2", "mcp3008", "0\n", "0\n");

    assertThat(driverOnPin(17).read().temperatureC()).isCloseTo(17.0, within(1e-9));
    assertThat(driverOnPin(4).read().temperatureC()).isCloseTo(10.0, within(1e-9));
  }

  @Test
  void findsTheDeviceOfAnOlderOverlayByItsGpiosProperty() throws IOException {
    Path old = device("iio:device0", "dht11@0", "22000\n", "50000\n");
    Path node = Files.createDirectories(old.resolve("of_node"));
    Files.write(node.resolve("gpios"), ByteBuffer.allocate(12).putInt(0x20).putInt(22).putInt(0).array());

    assertThat(driverOnPin(22).read().temperatureC()).isCloseTo(22.0, within(1e-9));
    assertThatThrownBy(() -> driverOnPin(4).read()).isInstanceOf(SensorReadException.class);
  }

  @Test
  void findsTheDeviceByItsDeviceTreeNodeName() throws IOException {
    Path dir = device("iio:device5", "", "23000\n", "50000\n");
    Path node = Files.createDirectories(sysfs.resolve("firmware/devicetree/base/dht11@1b"));
    Files.createSymbolicLink(dir.resolve("of_node"), node);

    assertThat(driverOnPin(27).read().temperatureC()).isCloseTo(23.0, within(1e-9));
  }

  @Test
  void noDeviceOnThePinSaysWhatWasFoundAndWhatToCheck() throws IOException {
    device("iio:device0", "dht11@4", "21300\n", "45600\n");

    assertThatThrownBy(() -> driverOnPin(22).read())
        .isInstanceOfSatisfying(SensorReadException.class, e -> assertThat(e.reason()).isEqualTo(SensorReadException.NO_DEVICE))
        .hasMessageContaining("GPIO 22")
        .hasMessageContaining("iio:device0 'dht11@4'")
        .hasMessageContaining("dtoverlay=dht11,gpiopin=22");
  }

  @Test
  void aConfiguredDeviceIsUsedAsItIs() throws IOException {
    device("iio:device3", "whatever", "19500\n", "40000\n");

    IioDriver driver = new IioDriver(new IioDeviceLocator(sysfs, "iio:device3", 4), Files::readString);

    assertThat(driver.read().temperatureC()).isCloseTo(19.5, within(1e-9));
  }

  @Test
  void aDeviceRenumberedWhileRunningIsFoundAgain() throws IOException {
    Path first = device("iio:device0", "dht11@4", "21000\n", "45000\n");
    IioDriver driver = driverOnPin(4);
    assertThat(driver.read().temperatureC()).isCloseTo(21.0, within(1e-9));

    deleteTree(first);
    device("iio:device1", "dht11@4", "21500\n", "45000\n");

    assertThatThrownBy(driver::read).isInstanceOfSatisfying(SensorReadException.class,
        e -> assertThat(e.reason()).isEqualTo(SensorReadException.MISSING));
    assertThat(driver.read().temperatureC()).isCloseTo(21.5, within(1e-9));
  }

  private IioDriver driverOnPin(int pin) {
    return new IioDriver(new IioDeviceLocator(sysfs, "", pin), Files::readString);
  }

  private Path device(String dirName, String name, String temperature, String humidity) throws IOException {
    Path dir = Files.createDirectories(sysfs.resolve(dirName));
    if (!name.isEmpty()) {
      Files.writeString(dir.resolve("name"), name + "\n");
    }
    Files.writeString(dir.resolve(IioDriver.TEMPERATURE_FILE), temperature);
    Files.writeString(dir.resolve(IioDriver.HUMIDITY_FILE), humidity);
    return dir;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    }
    Files.delete(dir);
  }
}
