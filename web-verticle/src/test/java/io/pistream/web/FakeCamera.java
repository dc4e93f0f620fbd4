package io.pistream.web;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.CameraDemand;
import io.pistream.contracts.CameraState;
import io.pistream.contracts.CameraStatus;
import io.pistream.contracts.Failures;
import io.pistream.contracts.CameraFrame;
import io.pistream.contracts.CameraFrameCodec;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;

/**
 * Plays one camera on the bus: reports its status, captures (publishes real JPEGs at its rate) while a
 * demand lease runs (a release, leaseMs 0, ends it), answers snapshots and profile switches, and records what it was asked.
 */
final class FakeCamera extends VerticleBase {

  record Profile(String name, int width, int height, int fps, int viewerCap, boolean noisy) {
  }

  private final String node;
  private final String camera;
  private final Map<String, Profile> profiles = new LinkedHashMap<>();
  private final Map<String, Buffer> jpegs = new LinkedHashMap<>();
  private final List<CameraDemand> demands = new CopyOnWriteArrayList<>();
  private final List<String> profileRequests = new CopyOnWriteArrayList<>();
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private Profile active;
  private long leaseUntil;
  private long captureTimer = -1;
  private long seq;
  private long bitrateBps;
  private List<Integer> ladder = List.of();

  FakeCamera(String node, String camera, Profile... profiles) {
    this.node = node;
    this.camera = camera;
    for (Profile profile : profiles) {
      this.profiles.put(profile.name(), profile);
    }
    this.active = profiles[0];
  }

  /** The steps of its viewer ladder, the full rate first; without it the camera reports none. */
  FakeCamera ladder(Integer... steps) {
    this.ladder = List.of(steps);
    return this;
  }

  /** Bitrate reported in the status, as a real camera measures it. */
  FakeCamera bitrate(long bitsPerSecond) {
    this.bitrateBps = bitsPerSecond;
    return this;
  }

  @Override
  public Future<?> start() {
    CameraFrameCodec.registerOn(vertx.eventBus());
    return vertx.executeBlocking(() -> {
          profiles.values().forEach(p -> jpegs.put(p.name(), Buffer.buffer(jpeg(p.width(), p.height(), p.noisy()))));
          return null;
        })
        .compose(v -> {
          consumers.add(vertx.eventBus().<JsonObject>consumer(Addresses.cameraDemand(node, camera), msg -> {
            CameraDemand demand = CameraDemand.fromJson(msg.body());
            demands.add(demand);
            leaseUntil = System.currentTimeMillis() + demand.leaseMs();
            if (captureTimer < 0 && demand.leaseMs() > 0) {
              captureTimer = vertx.setPeriodic(1000 / active.fps(), id -> capture());
            }
            msg.reply(status(demand.leaseMs() > 0 ? CameraState.STREAMING : state()).toJson());
          }));
          consumers.add(vertx.eventBus().<JsonObject>consumer(Addresses.cameraSnapshot(node, camera),
              msg -> msg.reply(frame())));
          consumers.add(vertx.eventBus().<JsonObject>consumer(Addresses.cameraProfile(node, camera), msg -> {
            String name = msg.body().getString("profile");
            profileRequests.add(name);
            Profile profile = profiles.get(name);
            if (profile == null) {
              msg.fail(Failures.BAD_REQUEST, "no profile " + name);
              return;
            }
            active = profile;
            msg.reply(status(state()).toJson());
          }));
          consumers.add(vertx.eventBus().<JsonObject>consumer(Addresses.CAMERA_STATUS_REFRESH, msg -> publishStatus()));
          return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
        })
        .onSuccess(v -> publishStatus());
  }

  void publishStatus() {
    vertx.eventBus().publish(Addresses.CAMERA_STATUS, status(state()).toJson());
  }

  List<CameraDemand> demands() {
    return demands;
  }

  List<String> profileRequests() {
    return profileRequests;
  }

  /**
   * Whether anything listens to this camera's frames: a request no consumer answers fails at once with
   * NO_HANDLERS, while one the stream consumer takes (as a frame) times out.
   */
  Future<Boolean> framesConsumed() {
    return vertx.eventBus().request(Addresses.cameraFrames(node, camera), frame(), new DeliveryOptions().setSendTimeout(300))
        .map(true)
        .recover(failure -> {
          if (failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS) {
            return Future.succeededFuture(false);
          }
          return Future.succeededFuture(true);
        });
  }

  private CameraState state() {
    return captureTimer >= 0 ? CameraState.STREAMING : CameraState.IDLE;
  }

  private CameraStatus status(CameraState state) {
    return new CameraStatus(node, camera, "Fake " + camera, state, "", active.name(), List.copyOf(profiles.keySet()),
        active.width(), active.height(), active.fps(), active.viewerCap(), active.fps(), bitrateBps, 0L,
        ladder.isEmpty() ? List.of(active.fps()) : ladder, null, null, null);
  }

  private void capture() {
    if (System.currentTimeMillis() > leaseUntil) {
      vertx.cancelTimer(captureTimer);
      captureTimer = -1;
      publishStatus();
      return;
    }
    vertx.eventBus().publish(Addresses.cameraFrames(node, camera), frame());
  }

  private CameraFrame frame() {
    return new CameraFrame(jpegs.get(active.name()), ++seq, System.currentTimeMillis(), active.width(), active.height(),
        active.fps(), false);
  }

  /** A real JPEG; noisy pictures compress badly, which makes big frames for the slow-reader test. */
  static byte[] jpeg(int width, int height, boolean noisy) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    if (noisy) {
      Random random = new Random(42);
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          image.setRGB(x, y, random.nextInt(0x1000000));
        }
      }
    } else {
      Graphics2D g = image.createGraphics();
      g.setColor(new Color(30, 90, 160));
      g.fillRect(0, 0, width, height);
      g.setColor(Color.WHITE);
      g.fillOval(width / 4, height / 4, width / 2, height / 2);
      g.dispose();
    }
    try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      ImageIO.write(image, "jpg", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
