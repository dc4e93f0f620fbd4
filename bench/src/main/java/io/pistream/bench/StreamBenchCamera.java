package io.pistream.bench;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.CameraDemand;
import io.pistream.contracts.CameraState;
import io.pistream.contracts.CameraStatus;
import io.pistream.contracts.FrameHeaders;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A synthetic camera for the stream benchmark, speaking the camera contract: captures (publishes
 * prepared JPEGs at its rate) only while a demand lease runs, answers snapshots and status refreshes.
 */
final class StreamBenchCamera extends VerticleBase {

  private final String node;
  private final String camera;
  private final int width;
  private final int height;
  private final int jpegBytes;
  private final int fps;
  private final int viewerCap;
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private List<Buffer> frames;
  private long leaseUntil;
  private long timer = -1;
  private long seq;
  private long bytesThisSecond;
  private long bitrateBps;

  StreamBenchCamera(String node, String camera, int width, int height, int jpegBytes, int fps, int viewerCap) {
    this.node = node;
    this.camera = camera;
    this.width = width;
    this.height = height;
    this.jpegBytes = jpegBytes;
    this.fps = fps;
    this.viewerCap = viewerCap;
  }

  @Override
  public Future<?> start() {
    return vertx.executeBlocking(() -> StreamBenchFrames.make(width, height, jpegBytes, 8))
        .compose(made -> {
          frames = made;
          vertx.setPeriodic(1000, id -> {
            bitrateBps = bytesThisSecond * 8;
            bytesThisSecond = 0;
          });
          consumers.add(vertx.eventBus().<JsonObject>consumer(Addresses.cameraDemand(node, camera), msg -> {
            leaseUntil = System.currentTimeMillis() + CameraDemand.fromJson(msg.body()).leaseMs();
            if (timer < 0) {
              timer = vertx.setPeriodic(1000 / fps, id -> capture());
            }
            msg.reply(status().toJson());
          }));
          consumers.add(vertx.eventBus().<JsonObject>consumer(Addresses.cameraSnapshot(node, camera),
              msg -> msg.reply(frames.get(0), headers())));
          consumers.add(vertx.eventBus().<JsonObject>consumer(Addresses.CAMERA_STATUS_REFRESH,
              msg -> vertx.eventBus().publish(Addresses.CAMERA_STATUS, status().toJson())));
          return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
        })
        .onSuccess(v -> vertx.eventBus().publish(Addresses.CAMERA_STATUS, status().toJson()));
  }

  int averageJpegBytes() {
    return (int) frames.stream().mapToInt(Buffer::length).average().orElse(0);
  }

  private CameraStatus status() {
    CameraState state = timer >= 0 ? CameraState.STREAMING : CameraState.IDLE;
    return new CameraStatus(node, camera, camera, state, "", "bench", List.of("bench"), width, height, fps, viewerCap,
        fps, bitrateBps, System.currentTimeMillis());
  }

  private void capture() {
    if (System.currentTimeMillis() > leaseUntil) {
      vertx.cancelTimer(timer);
      timer = -1;
      return;
    }
    Buffer jpeg = frames.get((int) (seq % frames.size()));
    bytesThisSecond += jpeg.length();
    vertx.eventBus().publish(Addresses.cameraFrames(node, camera), jpeg, headers());
  }

  private DeliveryOptions headers() {
    return new DeliveryOptions()
        .addHeader(FrameHeaders.SEQ, Long.toString(++seq))
        .addHeader(FrameHeaders.TS, Long.toString(System.currentTimeMillis()))
        .addHeader(FrameHeaders.WIDTH, Integer.toString(width))
        .addHeader(FrameHeaders.HEIGHT, Integer.toString(height));
  }
}
