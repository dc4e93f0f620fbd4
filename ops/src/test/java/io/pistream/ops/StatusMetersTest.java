package io.pistream.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pistream.contracts.NodeHealth;
import io.pistream.contracts.SensorState;
import io.pistream.contracts.SensorStatus;
import io.pistream.contracts.StorageState;
import io.pistream.contracts.StorageStatus;
import org.junit.jupiter.api.Test;

class StatusMetersTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final StatusMeters meters = new StatusMeters(registry);

  @Test
  void sensorCountersFollowTheLatestStatusAndTheStateIsOneOfFour() {
    meters.sensor(new SensorStatus("n1", "ceiling", "", "", SensorState.OK, 0, 0, "", 5, 1, 2, 0, 7, 3, 4));
    meters.sensor(new SensorStatus("n1", "ceiling", "", "", SensorState.FAILING, 0, 0, "", 6, 2, 2, 0, 8, 3, 4));
    assertThat(registry.get("pistream.readings.accepted").tag("sensor", "ceiling").functionCounter().count()).isEqualTo(6);
    assertThat(registry.get("pistream.readings.failed").tag("sensor", "ceiling").functionCounter().count()).isEqualTo(2);
    assertThat(registry.get("pistream.sensor.state").tag("state", "failing").gauge().value()).isEqualTo(1);
    assertThat(registry.get("pistream.sensor.state").tag("state", "ok").gauge().value()).isEqualTo(0);
    assertThat(registry.get("pistream.sensor.state").gauges()).hasSize(4);
    assertThat(registry.get("pistream.delivery.waiting").gauge().value()).isEqualTo(8);
    assertThat(registry.get("pistream.delivery.dropped").functionCounter().count()).isEqualTo(4);
  }

  @Test
  void storageFigures() {
    meters.storage(new StorageStatus("n1", StorageState.FAILING, "disk full", 0, 2_000, 9, 100, 1, 2, 4096, 10, 20));
    assertThat(registry.get("pistream.storage.up").gauge().value()).isZero();
    assertThat(registry.get("pistream.storage.database").gauge().value()).isEqualTo(4096);
    assertThat(registry.get("pistream.storage.last.write").gauge().value()).isEqualTo(2.0);
    assertThat(registry.get("pistream.storage.readings.written").functionCounter().count()).isEqualTo(100);
  }

  @Test
  void piHealthFiguresTheMachineLacksGetNoGauge() {
    meters.health(new NodeHealth("n1", 1, null, null, null, null, null, null, 1_000, 2_000));
    assertThat(registry.find("pistream.soc.temperature").gauge()).isNull();
    assertThat(registry.find("pistream.throttled").gauge()).isNull();
    assertThat(registry.get("pistream.data.dir.free").gauge().value()).isEqualTo(1_000);
    meters.health(new NodeHealth("n1", 2, 48.0, true, true, false, false, false, 900, 2_000));
    assertThat(registry.get("pistream.soc.temperature").gauge().value()).isEqualTo(48.0);
    assertThat(registry.get("pistream.under.voltage").gauge().value()).isEqualTo(1);
    assertThat(registry.get("pistream.throttled").gauge().value()).isZero();
    assertThat(registry.get("pistream.data.dir.free").gauge().value()).isEqualTo(900);
  }

  @Test
  void withoutARegistryNothingHappens() {
    StatusMeters off = new StatusMeters(null);
    off.sensor(new SensorStatus("n1", "ceiling", "", "", SensorState.OK, 0, 0, "", 5, 1, 2));
    off.health(new NodeHealth("n1", 1, 40.0, false, false, false, false, false, 1, 2));
  }
}
