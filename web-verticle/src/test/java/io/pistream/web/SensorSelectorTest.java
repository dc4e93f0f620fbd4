package io.pistream.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.pistream.contracts.SensorKey;
import java.util.List;
import org.junit.jupiter.api.Test;

class SensorSelectorTest {

  private static final SensorKey HUB_CEILING = new SensorKey("hub", "ceiling");
  private static final SensorKey HUB_ATTIC = new SensorKey("hub", "attic");
  private static final SensorKey SHED_ATTIC = new SensorKey("shed", "attic");
  private static final List<SensorKey> KNOWN = List.of(HUB_CEILING, HUB_ATTIC, SHED_ATTIC);

  @Test
  void nodeSlashSensorNamesOneExactly() throws Exception {
    assertThat(SensorSelector.resolve(List.of("shed/attic"), KNOWN)).containsExactly(SHED_ATTIC);
  }

  @Test
  void aBareIdIsAcceptedWhileOnlyOneNodeHasIt() throws Exception {
    assertThat(SensorSelector.resolve(List.of("ceiling"), KNOWN)).containsExactly(HUB_CEILING);
  }

  @Test
  void orderIsKeptAndRepeatsCollapse() throws Exception {
    assertThat(SensorSelector.resolve(List.of("shed/attic", "ceiling", "hub/ceiling"), KNOWN)).containsExactly(SHED_ATTIC, HUB_CEILING);
  }

  @Test
  void anAmbiguousBareIdNamesTheNodesToChooseFrom() {
    BadParameterException error = catchThrowableOfType(BadParameterException.class, () -> SensorSelector.resolve(List.of("attic"), KNOWN));

    assertThat(error.parameter()).isEqualTo("sensor");
    assertThat(error.getMessage()).contains("ambiguous").contains("hub, shed").contains("node/attic");
  }

  @Test
  void everyUnknownNameIsReported() {
    BadParameterException error = catchThrowableOfType(BadParameterException.class,
        () -> SensorSelector.resolve(List.of("cellar", "ceiling", "shed/ceiling"), KNOWN));

    assertThat(error.parameter()).isEqualTo("sensor");
    assertThat(error.getMessage()).isEqualTo("unknown sensor 'cellar', 'shed/ceiling'");
  }
}
