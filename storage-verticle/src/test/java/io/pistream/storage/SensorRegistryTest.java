package io.pistream.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.SensorKey;
import java.util.List;
import org.junit.jupiter.api.Test;

class SensorRegistryTest {

  private final SensorRegistry registry = new SensorRegistry();

  @Test
  void newSensorsGetIdsAfterTheStoredOnesAndWaitToBeWritten() {
    registry.load(7, new SensorKey("n", "old"), "Old", "Attic");

    SensorRegistry.Sensor fresh = registry.obtain(new SensorKey("n", "new"));

    assertThat(fresh.id()).isEqualTo(8);
    assertThat(registry.obtain(new SensorKey("n", "new"))).isEqualTo(fresh);
    assertThat(registry.unpersisted()).containsExactly(fresh);
  }

  @Test
  void aWriteFinishingAfterARenameKeepsTheNewName() {
    SensorKey key = new SensorKey("n", "s1");
    registry.obtain(key);
    List<SensorRegistry.Sensor> beingWritten = registry.unpersisted();

    registry.describe(key, "Ceiling", "Hall");
    registry.markPersisted(beingWritten);

    assertThat(registry.find(key)).hasValue(new SensorRegistry.Sensor(1, key, "Ceiling", "Hall", true));
    assertThat(registry.unpersisted()).isEmpty();
  }
}
