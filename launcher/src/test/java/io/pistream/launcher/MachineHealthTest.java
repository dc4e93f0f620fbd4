package io.pistream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.NodeHealth;
import io.pistream.testing.BusRecorder;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The machine's health from a fake sysfs tree: a Pi's files, a laptop's (none of them), and the bus message. */
@ExtendWith(VertxExtension.class)
class MachineHealthTest {

  @TempDir
  Path sys;

  @TempDir
  Path dataDir;

  private void write(String file, String content) throws IOException {
    Path path = sys.resolve(file);
    Files.createDirectories(path.getParent());
    Files.writeString(path, content);
  }

  @Test
  void aPiUnderVoltageAndThrottledNowReadsEveryFlag() throws IOException {
    write("class/thermal/thermal_zone0/temp", "61234\n");
    // 0x50005: under-voltage and throttled now, and both since boot.
    write("devices/platform/soc/soc:firmware/get_throttled", "50005\n");
    NodeHealth health = new MachineHealthReader(sys, dataDir).read("pi", 42L);
    assertThat(health.node()).isEqualTo("pi");
    assertThat(health.ts()).isEqualTo(42L);
    assertThat(health.socTemperatureC()).isEqualTo(61.2);
    assertThat(health.underVoltageNow()).isTrue();
    assertThat(health.underVoltageSinceBoot()).isTrue();
    assertThat(health.throttledNow()).isTrue();
    assertThat(health.throttledSinceBoot()).isTrue();
    assertThat(health.frequencyCappedNow()).isFalse();
    assertThat(health.dataDirTotalBytes()).isEqualTo(Files.getFileStore(dataDir).getTotalSpace());
    assertThat(health.dataDirFreeBytes()).isPositive().isLessThanOrEqualTo(health.dataDirTotalBytes());
  }

  @Test
  void aPiThatWasUnderVoltageOnceButIsFineNowSaysSo() throws IOException {
    write("devices/platform/soc/soc:firmware/get_throttled", "0x50000");
    NodeHealth health = new MachineHealthReader(sys, dataDir).read("pi", 1L);
    assertThat(health.underVoltageNow()).isFalse();
    assertThat(health.underVoltageSinceBoot()).isTrue();
    assertThat(health.throttledNow()).isFalse();
    assertThat(health.throttledSinceBoot()).isTrue();
  }

  @Test
  void withoutTheFirmwareFileTheHwmonAlarmTellsUnderVoltageAndTheRestIsUnknown() throws IOException {
    write("class/hwmon/hwmon0/name", "cpu_thermal\n");
    write("class/hwmon/hwmon1/name", "rpi_volt\n");
    write("class/hwmon/hwmon1/in0_lcrit_alarm", "1\n");
    NodeHealth health = new MachineHealthReader(sys, dataDir).read("pi", 1L);
    assertThat(health.underVoltageNow()).isTrue();
    assertThat(health.underVoltageSinceBoot()).isNull();
    assertThat(health.throttledNow()).isNull();
  }

  @Test
  void aMachineWithNoneOfTheFilesReportsUnknownsNotFaultsAndAMissingDataDirItsParentsSpace() {
    NodeHealth health = new MachineHealthReader(sys, dataDir.resolve("not/made/yet")).read("laptop", 1L);
    assertThat(health.socTemperatureC()).isNull();
    assertThat(health.underVoltageNow()).isNull();
    assertThat(health.throttledNow()).isNull();
    assertThat(health.frequencyCappedNow()).isNull();
    assertThat(health.dataDirTotalBytes()).isPositive();
  }

  @Test
  void garbageInTheFilesReadsAsUnknown() throws IOException {
    write("class/thermal/thermal_zone0/temp", "hot\n");
    write("devices/platform/soc/soc:firmware/get_throttled", "zz\n");
    NodeHealth health = new MachineHealthReader(sys, dataDir).read("pi", 1L);
    assertThat(health.socTemperatureC()).isNull();
    assertThat(health.throttledNow()).isNull();
  }

  @Test
  void theVerticlePublishesTheHealthAtStartAndThenPeriodically(Vertx vertx) throws IOException {
    write("class/thermal/thermal_zone0/temp", "48000");
    BusRecorder<JsonObject> published = BusRecorder.on(vertx, Addresses.NODE_HEALTH).timeout(30, TimeUnit.SECONDS).await();
    JsonObject config = new JsonObject()
        .put("node", new JsonObject().put("id", "pi").put("healthEverySeconds", 1))
        .put("dataDir", dataDir.toString())
        .put("sys", sys.toString());
    vertx.deployVerticle(NodeHealthVerticle.class.getName(), new DeploymentOptions().setConfig(config)).timeout(30, TimeUnit.SECONDS).await();
    NodeHealth first = NodeHealth.fromJson(published.next(m -> true).timeout(30, TimeUnit.SECONDS).await());
    assertThat(first.socTemperatureC()).isEqualTo(48.0);
    write("class/thermal/thermal_zone0/temp", "52500");
    NodeHealth later = NodeHealth.fromJson(published.next(m -> m.getDouble("socTemperatureC") == 52.5).timeout(30, TimeUnit.SECONDS).await());
    assertThat(later.ts()).isGreaterThanOrEqualTo(first.ts());
  }
}
