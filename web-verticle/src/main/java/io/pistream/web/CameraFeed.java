package io.pistream.web;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.CameraDemand;
import io.pistream.contracts.CameraFrame;
import io.pistream.contracts.CameraStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The viewers of one camera on this node. The first viewer subscribes to the camera's frames and starts
 * the demand lease; the last one leaving unsubscribes and releases the demand, so nothing is received
 * while nobody watches and the camera stops after its idle timeout.
 * Each frame becomes one multipart part that every viewer is handed as the same buffer; the feed holds
 * the latest part (for viewers who join) and gives it back when the next one supersedes it.
 */
final class CameraFeed {

  private static final Logger log = LoggerFactory.getLogger(CameraFeed.class);
  private static final long DEMAND_TIMEOUT_MS = 5_000;
  private static final long RELEASE_TIMEOUT_MS = 2_000;
  private static final int QUEUE_STEP_BYTES = 16 * 1024;
  /** Weight of each new frame in the smoothed frame size: about the last 2 s at 24 fps. */
  private static final double FRAME_SIZE_SMOOTHING = 0.02;

  private final Vertx vertx;
  private final String node;
  private final String camera;
  private final String consumerId;
  private final CameraStreamSettings settings;
  private final CameraDirectory directory;
  // Replaced, never modified: a frame's fan-out may run into a viewer leaving (a failed write closes it)
  // and still walks the list it started with. Viewers join and leave rarely; frames come 24 times a second.
  private List<ViewerConnection> viewers = List.of();
  // Admitted and waiting for the camera to accept the demand: counted by the caps and the ladder.
  private final List<ViewerConnection> joining = new ArrayList<>();
  private MessageConsumer<CameraFrame> frames;
  private Future<Void> activation;
  private long timerId = -1;
  private long lastDemandNanos;
  private boolean demandFailing;
  private MjpegStreamPart latestPart;
  private int queueBytes;
  private long skippedByDeparted;
  private long deliveredByDeparted;
  private long stallDisconnects;
  private double frameBytes;

  CameraFeed(Vertx vertx, String node, String camera, String consumerId, CameraStreamSettings settings,
      CameraDirectory directory) {
    this.vertx = vertx;
    this.node = node;
    this.camera = camera;
    this.consumerId = consumerId;
    this.settings = settings;
    this.directory = directory;
  }

  String node() {
    return node;
  }

  String camera() {
    return camera;
  }

  /** Viewers streaming plus those waiting for the camera to accept the demand: what the caps count. */
  int watching() {
    return viewers.size() + joining.size();
  }

  /** Everyone {@link #watching()}, each with its step. */
  List<ViewerConnection> seats() {
    if (joining.isEmpty()) {
      return viewers;
    }
    List<ViewerConnection> seats = new ArrayList<>(viewers);
    seats.addAll(joining);
    return seats;
  }

  /** The camera's frame size lately, smoothed over a few seconds; 0 before the first frame. */
  long frameBytes() {
    return Math.round(frameBytes);
  }

  /**
   * Counts the viewer at once and streams to it, starting with the latest frame, once the camera has
   * accepted the demand. Fails with the demand's failure when the camera cannot be reached.
   */
  Future<Void> join(ViewerConnection viewer) {
    joining.add(viewer);
    Future<Void> ready = activation != null ? activation : activate();
    return ready.andThen(result -> joining.remove(viewer))
        .map(v -> {
          if (!viewer.response().closed()) {
            viewer.response().write(MjpegStreamPart.opening());
            viewers = with(viewers, viewer);
            if (queueBytes > 0) {
              viewer.queueLimit(queueBytes);
            }
            if (latestPart != null) {
              viewer.offer(latestPart, 0);
            }
          }
          return v;
        })
        .andThen(result -> deactivateWhenUnwatched());
  }

  void leave(ViewerConnection viewer) {
    List<ViewerConnection> remaining = without(viewers, viewer);
    if (remaining.size() < viewers.size()) {
      viewers = remaining;
      skippedByDeparted += viewer.skipped();
      deliveredByDeparted += viewer.delivered();
      log.debug("viewer {} of {}/{} left, {} watching", viewer.id(), node, camera, viewers.size());
    }
    deactivateWhenUnwatched();
  }

  /** Disconnects every viewer and unsubscribes; used when the server stops. */
  Future<Void> close() {
    List<ViewerConnection> leaving = viewers;
    viewers = List.of();
    leaving.forEach(ViewerConnection::disconnect);
    return deactivate();
  }

  JsonArray viewersJson(int fullFps) {
    JsonArray list = new JsonArray();
    for (ViewerConnection viewer : viewers) {
      list.add(viewer.toJson(fullFps));
    }
    return list;
  }

  /** {@code [{fps, viewers}]}: how many are on each step of the ladder, highest first. */
  JsonArray ladderJson(List<Integer> steps) {
    JsonArray ladder = new JsonArray();
    for (int step : steps) {
      int onStep = 0;
      for (ViewerConnection viewer : seats()) {
        if (viewer.ladderFps() == step) {
          onStep++;
        }
      }
      ladder.add(new JsonObject().put("fps", step).put("viewers", onStep));
    }
    return ladder;
  }

  /** Frames skipped for full queues since this server started, viewers gone included. */
  long skippedFrames() {
    long total = skippedByDeparted;
    for (ViewerConnection viewer : viewers) {
      total += viewer.skipped();
    }
    return total;
  }

  /** Frames written to viewers since this server started, viewers gone included. */
  long deliveredFrames() {
    long total = deliveredByDeparted;
    for (ViewerConnection viewer : viewers) {
      total += viewer.delivered();
    }
    return total;
  }

  /** Viewers disconnected because their queue stayed full, since this server started. */
  long stallDisconnects() {
    return stallDisconnects;
  }

  private Future<Void> activate() {
    log.info("first viewer of {}/{}: subscribing to its frames", node, camera);
    frames = vertx.eventBus().consumer(Addresses.cameraFrames(node, camera));
    frames.handler(this::onFrame);
    timerId = vertx.setPeriodic(1000, id -> tick());
    activation = frames.completion().compose(v -> demand());
    return activation;
  }

  private void deactivateWhenUnwatched() {
    if (watching() == 0 && frames != null) {
      log.info("last viewer of {}/{} left: unsubscribing", node, camera);
      deactivate();
    }
  }

  private Future<Void> deactivate() {
    vertx.cancelTimer(timerId);
    timerId = -1;
    activation = null;
    releaseLatestPart();
    queueBytes = 0;
    demandFailing = false;
    MessageConsumer<CameraFrame> consumer = frames;
    frames = null;
    if (consumer == null) {
      return Future.succeededFuture();
    }
    releaseDemand();
    return consumer.unregister()
        .onFailure(e -> log.warn("could not unsubscribe from the frames of {}/{}", node, camera, e));
  }

  private Future<Void> demand() {
    lastDemandNanos = System.nanoTime();
    long leaseMs = TimeUnit.SECONDS.toMillis(settings.demandLeaseSeconds());
    return vertx.eventBus()
        .<JsonObject>request(Addresses.cameraDemand(node, camera), new CameraDemand(consumerId, leaseMs).toJson(),
            new DeliveryOptions().setSendTimeout(DEMAND_TIMEOUT_MS))
        .map(reply -> {
          directory.update(CameraStatus.fromJson(reply.body()));
          return null;
        });
  }

  // Without it the camera would also wait out the lease. Sent before a returning viewer's demand, so the
  // camera sees the two in order; if it gets lost, the lease simply runs out.
  private void releaseDemand() {
    vertx.eventBus()
        .<JsonObject>request(Addresses.cameraDemand(node, camera), new CameraDemand(consumerId, 0).toJson(),
            new DeliveryOptions().setSendTimeout(RELEASE_TIMEOUT_MS))
        .map(reply -> {
          directory.update(CameraStatus.fromJson(reply.body()));
          return null;
        })
        .onFailure(failure -> {
          if (failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
            log.warn("camera {}/{} refused the release of its demand; it stops once the lease runs out: {}", node, camera,
                failure.getMessage());
          } else {
            log.debug("release of the demand for camera {}/{} not delivered; it stops once the lease runs out: {}", node,
                camera, failure.getMessage());
          }
        });
  }

  private void renewDemand() {
    demand().onComplete(
        ok -> {
          if (demandFailing) {
            log.info("camera {}/{} accepts the demand again", node, camera);
            demandFailing = false;
          }
        },
        failure -> {
          if (!demandFailing) {
            log.warn("demand for camera {}/{} failed; retrying while viewers stay: {}", node, camera, failure.getMessage());
            demandFailing = true;
          }
        });
  }

  private void tick() {
    long now = System.nanoTime();
    long stallNanos = TimeUnit.SECONDS.toNanos(settings.stallTimeoutSeconds());
    List<Integer> ladder = directory.find(node, camera).map(CameraStatus::ladderFps).orElse(List.of());
    for (ViewerConnection viewer : viewers) {
      viewer.tick(now, ladder);
      if (viewer.stalledLongerThan(stallNanos, now)) {
        log.info("viewer {} of {}/{} read nothing for {} s: disconnecting it", viewer.id(), node, camera,
            settings.stallTimeoutSeconds());
        stallDisconnects++;
        viewer.disconnect();
        leave(viewer);
      }
    }
    if (frames != null && activation != null && activation.isComplete()
        && now - lastDemandNanos >= TimeUnit.SECONDS.toNanos(settings.demandLeaseSeconds()) / 3) {
      renewDemand();
    }
  }

  private void onFrame(Message<CameraFrame> message) {
    if (frames == null) {
      // delivered after the last viewer left: holding it would pin a buffer until the next viewer
      return;
    }
    CameraFrame frame = message.body();
    MjpegStreamPart part = MjpegStreamPart.build(frame.jpeg(), frame.ts());
    frameBytes = frameBytes == 0 ? frame.jpeg().length() : frameBytes + FRAME_SIZE_SMOOTHING * (frame.jpeg().length() - frameBytes);
    releaseLatestPart();
    latestPart = part;
    resizeQueues(part.length());
    for (ViewerConnection viewer : viewers) {
      viewer.offer(part, frame.fps());
    }
  }

  private void releaseLatestPart() {
    if (latestPart != null) {
      latestPart.release();
      latestPart = null;
    }
  }

  private void resizeQueues(int partBytes) {
    int wanted = ((settings.queueFrames() * partBytes) / QUEUE_STEP_BYTES + 1) * QUEUE_STEP_BYTES;
    if (wanted > queueBytes || wanted < queueBytes * 3 / 4) {
      queueBytes = wanted;
      for (ViewerConnection viewer : viewers) {
        viewer.queueLimit(wanted);
      }
    }
  }

  private static List<ViewerConnection> with(List<ViewerConnection> viewers, ViewerConnection joining) {
    List<ViewerConnection> next = new ArrayList<>(viewers.size() + 1);
    next.addAll(viewers);
    next.add(joining);
    return List.copyOf(next);
  }

  private static List<ViewerConnection> without(List<ViewerConnection> viewers, ViewerConnection leaving) {
    return viewers.stream().filter(viewer -> viewer != leaving).toList();
  }
}
