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
  void aSensorStatusKeepsItsSkipAndDeliveryCountersAndAnOlderSendersStatusReadsThemAsZero() {
    SensorStatus status = new SensorStatus("n", "s", "Ceiling", "", SensorState.FAILING, 5L, 4L, "hung: read timed out after 5 s", 10, 3, 1,
        7, 1200, 1000, 42);
    assertThat(SensorStatus.fromJson(status.toJson())).isEqualTo(status);

    JsonObject older = status.toJson();
    List.of("pollsSkipped", "deliveryWaiting", "deliverySpooled", "deliveryDropped").forEach(older::remove);
    assertThat(SensorStatus.fromJson(older)).isEqualTo(new SensorStatus("n", "s", "Ceiling", "", SensorState.FAILING, 5L, 4L,
        "hung: read timed out after 5 s", 10, 3, 1));
  }

  @Test
  void aStorageStatusKeepsItsStateAndCounters() {
    StorageStatus status = new StorageStatus("hub", StorageState.FAILING, "disk full: database or disk is full", 5L, 4L,
        120, 10_000, 30, 2, 4_096_000L);
    JsonObject json = new JsonObject(status.toJson().encode());
    assertThat(json.getString("state")).isEqualTo("failing");
    assertThat(StorageStatus.fromJson(json)).isEqualTo(status);
    assertThat(status.diskFreePercent()).isEqualTo(-1);
  }

  @Test
  void aStorageStatusKeepsItsDiskFiguresAndAnOlderSendersStatusReadsThemAsUnknown() {
    StorageStatus status = new StorageStatus("hub", StorageState.OK, "", 5L, 4L, 0, 10, 0, 0, 4_096L, 250L, 1_000L);
    assertThat(StorageStatus.fromJson(new JsonObject(status.toJson().encode()))).isEqualTo(status);
    assertThat(status.diskFreePercent()).isEqualTo(25.0);
    JsonObject older = status.toJson();
    older.remove("diskFreeBytes");
    older.remove("diskTotalBytes");
    assertThat(StorageStatus.fromJson(older).diskFreeBytes()).isEqualTo(-1);
    assertThat(StorageStatus.fromJson(older).diskFreePercent()).isEqualTo(-1);
  }

  @Test
  void anAlertEventSurvivesTheWireWithAndWithoutAValue() {
    AlertEvent hot = new AlertEvent("a1", "too hot", "threshold", "pi-1", "pi-1/ceiling", AlertEvent.FIRING,
        "ceiling on pi-1: temperature 31.2 C, above 30 C", 31.2, 1_000L, 61_000L, 0L, "http://pi:8080/history.html?at=1000");
    assertThat(AlertEvent.fromJson(new JsonObject(hot.toJson().encode()))).isEqualTo(hot);
    assertThat(hot.firing()).isTrue();
    AlertEvent gone = new AlertEvent("a2", "node gone", "nodeOffline", "pi-2", "pi-2", AlertEvent.RESOLVED, "pi-2 is back", null,
        1_000L, 2_000L, 3_000L, "");
    assertThat(AlertEvent.fromJson(new JsonObject(gone.toJson().encode()))).isEqualTo(gone);
    assertThat(gone.firing()).isFalse();
  }

  @Test
  void aNodesHealthSurvivesTheWireWithWhatTheMachineDoesNotHaveAsNull() {
    NodeHealth pi = new NodeHealth("pi-1", 5L, 61.3, false, true, false, true, false, 250L, 1_000L);
    assertThat(NodeHealth.fromJson(new JsonObject(pi.toJson().encode()))).isEqualTo(pi);
    assertThat(pi.dataDirFreePercent()).isEqualTo(25.0);
    NodeHealth laptop = new NodeHealth("laptop", 5L, null, null, null, null, null, null, -1L, -1L);
    assertThat(NodeHealth.fromJson(new JsonObject(laptop.toJson().encode()))).isEqualTo(laptop);
    assertThat(laptop.dataDirFreePercent()).isEqualTo(-1);
  }

  @Test
  void anAlertEventWithAnUnknownStateIsRefusedByName() {
    JsonObject json = new JsonObject().put("id", "a1").put("rule", "r").put("state", "maybe").put("since", 1).put("firedAt", 2);
    assertThatThrownBy(() -> AlertEvent.fromJson(json)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("state");
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
  void aCameraStatusWithLadderPrivacyHistoryAndChangesSurvivesTheWire() {
    CameraStatus status = new CameraStatus("n", "cam0", "Camera", CameraState.IDLE, "", "high",
        List.of("high"), 1920, 1080, 24, 5, 0, 0, 7L, List.of(24, 12, 6, 1),
        new CameraPrivacy(true, "schedule", "off 22:00-07:00 by schedule", 1_764_831_600_000L),
        new SnapshotHistoryStatus(true, 10, 640, 144, 5_000_000, 500_000_000, 1_764_700_000_000L, 1_764_800_000_000L),
        new ChangeDetectionStatus(true, 8.5, 2.25, 1_764_799_000_000L));
    CameraStatus back = CameraStatus.fromJson(new JsonObject(status.toJson().encode()));
    assertThat(back).isEqualTo(status);
    assertThat(back.ladderFps()).containsExactly(24, 12, 6, 1);
  }

  @Test
  void aCameraStatusFromAnOlderNodeHasNoLadderAndIsNotPrivate() {
    CameraStatus old = CameraStatus.fromJson(new JsonObject().put("node", "n").put("camera", "cam0").put("state", "idle").put("fps", 15));
    assertThat(old.ladderFps()).containsExactly(15);
    assertThat(old.privacy().on()).isFalse();
    assertThat(old.history().enabled()).isFalse();
    assertThat(old.changes().enabled()).isFalse();
  }

  @Test
  void aCameraChangeSurvivesTheWire() {
    CameraChange change = new CameraChange("n", "cam0", 1_764_799_000_000L, 12.5);
    assertThat(CameraChange.fromJson(new JsonObject(change.toJson().encode()))).isEqualTo(change);
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

  @Test
  void theAntiEntropyMessagesSurviveTheWireWithTheirLongHashesExact() {
    SensorKey key = new SensorKey("n", "s");
    SyncDigest digest = new SyncDigest("hub", 3_600_000L, 90_000_000L, 86_400_000L, true, List.of(
        new SyncDigest.Scope(key, 3_600_000L, 90_000_000L, List.of(new SyncDigest.Bucket(3_600_000L, 1800, 3_869_195_582_719L, Long.MAX_VALUE)))));
    assertThat(SyncDigest.fromJson(new JsonObject(digest.toJson().encode()))).isEqualTo(digest);
    SyncDiff diff = new SyncDiff(List.of(new SyncDiff.Differing(key, List.of(3_600_000L, 7_200_000L))));
    assertThat(SyncDiff.fromJson(new JsonObject(diff.toJson().encode()))).isEqualTo(diff);
    SyncFetch fetch = new SyncFetch(key, 3_600_000L, 7_200_000L, 1000);
    assertThat(SyncFetch.fromJson(new JsonObject(fetch.toJson().encode()))).isEqualTo(fetch);
    SyncRows rows = new SyncRows(List.of(new SyncRows.Row(3_600_001L, -1230, 8150)), true);
    assertThat(SyncRows.fromJson(new JsonObject(rows.toJson().encode()))).isEqualTo(rows);
    SyncHello hello = new SyncHello("hub", 42L);
    assertThat(SyncHello.fromJson(new JsonObject(hello.toJson().encode()))).isEqualTo(hello);
    assertThat(Addresses.storageSyncFetch("hub")).isEqualTo("storage.hub.sync.fetch");
  }
}
