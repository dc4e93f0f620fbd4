package io.pistream.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What one verticle encodes, another decodes to the same value; malformed messages name the field. */
class MessagesRoundTripTest {

  @Test
  void aReadingSurvivesTheWireIncludingSubZeroTemperatures() {
    Reading reading = new Reading("greenhouse", "ceiling", 1_764_064_800_000L, -12.3, 81.5);
    assertThat(Reading.fromJson(new JsonObject(reading.toJson().encode()))).isEqualTo(reading);
  }

  @Test
  void aReadingWithoutItsTimeOrWithTextForANumberIsRefusedByName() {
    JsonObject json = new Reading("n", "s", 1L, 20, 50).toJson();
    assertThatThrownBy(() -> Reading.fromJson(json.copy().put("ts", "yesterday")))
        .hasMessage("ts must be a number");
    assertThatThrownBy(() -> Reading.fromJson(json.copy().put("sensor", " ")))
        .hasMessage("sensor is missing");
  }

  @Test
  void aSensorStatusKeepsItsStateAndCounters() {
    SensorStatus status = new SensorStatus("n", "s", "Ceiling", "Living room", SensorState.FAILING, 5L, 4L,
        "EIO: in_temp_input", 10, 3, 1);
    JsonObject json = status.toJson();
    assertThat(json.getString("state")).isEqualTo("failing");
    assertThat(SensorStatus.fromJson(json)).isEqualTo(status);
  }

  @Test
  void aStorageStatusKeepsItsStateAndCounters() {
    StorageStatus status = new StorageStatus("hub", StorageState.FAILING, "disk full: database or disk is full", 5L, 4L,
        120, 10_000, 30, 2, 4_096_000L);
    JsonObject json = new JsonObject(status.toJson().encode());
    assertThat(json.getString("state")).isEqualTo("failing");
    assertThat(StorageStatus.fromJson(json)).isEqualTo(status);
  }

  @Test
  void historyQueriesAndResultsSurviveTheWire() {
    HistoryQuery query = new HistoryQuery(List.of(new SensorKey("n", "s")), 1_000L, 2_000L, 500, false);
    assertThat(HistoryQuery.fromJson(query.toJson())).isEqualTo(query);

    HistoryResult result = new HistoryResult(1_000L, 2_000L, 100L, "minute", List.of(new HistorySeries("n", "s",
        List.of(new HistoryPoint(1_000L, 3, 19.5, 20.0, 20.5, 40.0, 41.0, 42.0)))));
    assertThat(HistoryResult.fromJson(new JsonObject(result.toJson().encode()))).isEqualTo(result);
  }

  @Test
  void anImpossibleHistoryQueryCannotBeBuilt() {
    List<SensorKey> none = List.of();
    assertThatThrownBy(() -> new HistoryQuery(none, 2_000L, 1_000L, 10, false)).hasMessage("from must be before to");
    assertThatThrownBy(() -> new HistoryQuery(none, 1_000L, 2_000L, 0, false))
        .hasMessage("maxPoints must be between 1 and " + HistoryQuery.MAX_POINTS);
  }

  @Test
  void aCameraStatusSurvivesTheWire() {
    CameraStatus status = new CameraStatus("n", "cam0", "Camera", CameraState.STREAMING, "", "high",
        List.of("high", "low"), 1920, 1080, 24, 5, 23.9, 48_000_000L, 7L);
    assertThat(CameraStatus.fromJson(new JsonObject(status.toJson().encode()))).isEqualTo(status);
  }

  @Test
  void aStoreBatchNamesTheMalformedReading() {
    JsonObject batch = new JsonObject(new StoreBatch(List.of(new Reading("n", "s", 1L, 20, 50))).toJson().encode());
    batch.getJsonArray("readings").add(new JsonObject().put("node", "n").put("sensor", "s"));
    assertThatThrownBy(() -> StoreBatch.fromJson(batch)).hasMessage("readings[1]: ts must be a number");
  }

  @Test
  void perCameraAddressesCarryNodeAndCamera() {
    assertThat(Addresses.cameraFrames("greenhouse", "cam0")).isEqualTo("camera.greenhouse.cam0.frames");
    assertThat(Addresses.cameraDemand("greenhouse", "cam0")).isNotEqualTo(Addresses.cameraDemand("shed", "cam0"));
  }
}
