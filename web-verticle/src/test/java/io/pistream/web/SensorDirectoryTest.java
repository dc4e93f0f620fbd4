package io.pistream.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.SensorInfo;
import io.pistream.contracts.SensorKey;
import io.pistream.contracts.SensorState;
import io.pistream.contracts.SensorStatus;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SensorDirectoryTest {

  private final SensorDirectory directory = new SensorDirectory();

  @Test
  void storedSensorsWithoutStatusHaveANullStatus() {
    Map<SensorKey, JsonObject> merged = directory.merge(List.of(new SensorInfo("hub", "ceiling", "Ceiling", "Living room", 10, 20)), new NodeDirectory(), System.currentTimeMillis());

    assertThat(merged.values()).containsExactly(new JsonObject()
        .put("node", "hub").put("sensor", "ceiling").put("name", "Ceiling").put("location", "Living room")
        .put("firstSeen", 10L).put("lastSeen", 20L).putNull("status"));
  }

  @Test
  void aLiveStatusIsMergedAndItsLabelsWin() {
    directory.update(new SensorStatus("hub", "ceiling", "Ceiling lamp", "", SensorState.FAILING, 500, 450, "EIO", 7, 3, 1, 2, 40, 30, 5), 600);

    JsonObject sensor = directory.merge(List.of(new SensorInfo("hub", "ceiling", "Ceiling", "Living room", 10, 450)), new NodeDirectory(), System.currentTimeMillis())
        .get(new SensorKey("hub", "ceiling"));

    assertThat(sensor.getString("name")).isEqualTo("Ceiling lamp");
    assertThat(sensor.getString("location")).isEqualTo("Living room");
    assertThat(sensor.getLong("firstSeen")).isEqualTo(10L);
    assertThat(sensor.getJsonObject("status")).isEqualTo(new JsonObject()
        .put("state", "failing").put("since", 500L).put("detail", "EIO").put("lastReadingTs", 450L)
        .put("readsOk", 7L).put("readsFailed", 3L).put("readsRejected", 1L).put("pollsSkipped", 2L)
        .put("deliveryWaiting", 40L).put("deliverySpooled", 30L).put("deliveryDropped", 5L).put("heardAt", 600L));
  }

  @Test
  void aSensorKnownOnlyByItsStatusIsListedAndAllAreOrderedByNodeThenSensor() {
    directory.update(new SensorStatus("shed", "attic", "Attic", "Shed", SensorState.STARTING, 1, 0, "", 0, 0, 0), 2);
    directory.update(new SensorStatus("hub", "b", "", "", SensorState.OK, 1, 1, "", 1, 0, 0), 2);

    Map<SensorKey, JsonObject> merged = directory.merge(List.of(new SensorInfo("hub", "c", "", "", 1, 2)), new NodeDirectory(), System.currentTimeMillis());

    assertThat(merged.keySet()).containsExactly(new SensorKey("hub", "b"), new SensorKey("hub", "c"), new SensorKey("shed", "attic"));
    JsonObject attic = merged.get(new SensorKey("shed", "attic"));
    assertThat(attic.getLong("firstSeen")).isZero();
    assertThat(attic.getString("name")).isEqualTo("Attic");
    assertThat(attic.getJsonObject("status").getString("state")).isEqualTo("starting");
  }

  @Test
  void aNewerStatusReplacesTheOlder() {
    directory.update(new SensorStatus("hub", "ceiling", "", "", SensorState.STARTING, 1, 0, "", 0, 0, 0), 1);
    directory.update(new SensorStatus("hub", "ceiling", "", "", SensorState.OK, 5, 5, "", 1, 0, 0), 6);

    JsonObject status = directory.merge(List.of(), new NodeDirectory(), System.currentTimeMillis()).get(new SensorKey("hub", "ceiling")).getJsonObject("status");

    assertThat(status.getString("state")).isEqualTo("ok");
    assertThat(status.getLong("heardAt")).isEqualTo(6L);
  }

  @Test
  void labelChangesMoveOnlyForANewSensorOrANewNameOrLocation() {
    long start = directory.labelChanges();
    directory.update(new SensorStatus("hub", "ceiling", "Ceiling", "Hall", SensorState.OK, 1, 1, "", 1, 0, 0), 1);
    long afterNew = directory.labelChanges();
    directory.update(new SensorStatus("hub", "ceiling", "Ceiling", "Hall", SensorState.FAILING, 2, 1, "EIO", 1, 1, 0), 2);
    long afterStateOnly = directory.labelChanges();
    directory.update(new SensorStatus("hub", "ceiling", "Ceiling lamp", "Hall", SensorState.OK, 3, 3, "", 2, 1, 0), 3);

    assertThat(afterNew).isGreaterThan(start);
    assertThat(afterStateOnly).isEqualTo(afterNew);
    assertThat(directory.labelChanges()).isGreaterThan(afterStateOnly);
  }
}
