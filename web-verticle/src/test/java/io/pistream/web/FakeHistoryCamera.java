package io.pistream.web;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.CameraFrame;
import io.pistream.contracts.CameraFrameCodec;
import io.pistream.contracts.CameraPrivacy;
import io.pistream.contracts.CameraState;
import io.pistream.contracts.CameraStatus;
import io.pistream.contracts.ChangeDetectionStatus;
import io.pistream.contracts.Failures;
import io.pistream.contracts.SnapshotHistoryStatus;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Plays a camera that keeps history pictures, on the bus: reports its status with its history, answers
 * the history list (the first {@code limit} of the range) and the nearest picture after a short delay,
 * and records what it was asked and how many picture requests were open at once.
 */
final class FakeHistoryCamera extends VerticleBase {

  private final String node;
  private final String camera;
  private final boolean keepsHistory;
  private final boolean answers;
  private final NavigableMap<Long, Buffer> pictures = new TreeMap<>();
  private final List<JsonObject> listRequests = new CopyOnWriteArrayList<>();
  private final List<Long> pictureRequests = new CopyOnWriteArrayList<>();
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private Long vanished;
  private int open;
  private int mostOpen;

  /**
   * @param keepsHistory false: a camera whose history is off (an empty list, pictures NOT_FOUND)
   * @param answers false: a camera whose node runs no history consumers (an older pistream)
   */
  FakeHistoryCamera(String node, String camera, boolean keepsHistory, boolean answers) {
    this.node = node;
    this.camera = camera;
    this.keepsHistory = keepsHistory;
    this.answers = answers;
  }

  FakeHistoryCamera keep(long ts, byte[] jpeg) {
    pictures.put(ts, Buffer.buffer(jpeg));
    return this;
  }

  /** The picture is listed but gone when asked for, as one thinned away meanwhile: its neighbour answers. */
  FakeHistoryCamera vanishing(long ts) {
    vanished = ts;
    return this;
  }

  List<JsonObject> listRequests() {
    return listRequests;
  }

  List<Long> pictureRequests() {
    return pictureRequests;
  }

  synchronized int mostPictureRequestsOpenAtOnce() {
    return mostOpen;
  }

  @Override
  public Future<?> start() {
    CameraFrameCodec.registerOn(vertx.eventBus());
    consumers.add(vertx.eventBus().consumer(Addresses.CAMERA_STATUS_REFRESH, msg -> publishStatus()));
    if (answers) {
      consumers.add(vertx.eventBus().<JsonObject>consumer(Addresses.cameraHistoryList(node, camera), this::list));
      consumers.add(vertx.eventBus().<JsonObject>consumer(Addresses.cameraHistoryPicture(node, camera), this::picture));
    }
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList()).onSuccess(v -> publishStatus());
  }

  void publishStatus() {
    vertx.eventBus().publish(Addresses.CAMERA_STATUS, status().toJson());
  }

  private CameraStatus status() {
    SnapshotHistoryStatus history = keepsHistory
        ? new SnapshotHistoryStatus(true, 10, 64, pictures.size(), pictures.values().stream().mapToLong(Buffer::length).sum(), 500_000_000L,
            pictures.isEmpty() ? 0 : pictures.firstKey(), pictures.isEmpty() ? 0 : pictures.lastKey())
        : SnapshotHistoryStatus.DISABLED;
    return new CameraStatus(node, camera, "Fake " + camera, CameraState.IDLE, "", "high", List.of("high"), 64, 48, 10, 5, 0, 0, 0,
        List.of(10), CameraPrivacy.OFF, history, ChangeDetectionStatus.DISABLED);
  }

  private void list(Message<JsonObject> request) {
    listRequests.add(request.body());
    long from = request.body().getLong("from");
    long to = request.body().getLong("to");
    int limit = request.body().getInteger("limit");
    JsonArray listed = new JsonArray();
    Map<Long, Buffer> range = keepsHistory ? pictures.subMap(from, true, to, true) : Map.of();
    range.entrySet().stream().limit(limit)
        .forEach(entry -> listed.add(new JsonObject().put("ts", entry.getKey()).put("bytes", entry.getValue().length())));
    request.reply(new JsonObject().put("snapshots", listed).put("total", range.size()).put("status", status().history().toJson()));
  }

  private void picture(Message<JsonObject> request) {
    long ts = request.body().getLong("ts");
    pictureRequests.add(ts);
    if (!keepsHistory) {
      request.fail(Failures.NOT_FOUND, "camera " + camera + " keeps no history pictures (its history.everyMinutes is 0)");
      return;
    }
    synchronized (this) {
      mostOpen = Math.max(mostOpen, ++open);
    }
    vertx.setTimer(5, id -> {
      synchronized (this) {
        open--;
      }
      NavigableMap<Long, Buffer> left = new TreeMap<>(pictures);
      if (vanished != null) {
        left.remove(vanished);
      }
      Map.Entry<Long, Buffer> before = left.floorEntry(ts);
      Map.Entry<Long, Buffer> after = left.ceilingEntry(ts);
      Map.Entry<Long, Buffer> nearest = before == null ? after
          : after == null ? before
          : ts - before.getKey() <= after.getKey() - ts ? before : after;
      request.reply(new CameraFrame(nearest.getValue(), 0, nearest.getKey(), 64, 48, 0, false));
    });
  }
}
