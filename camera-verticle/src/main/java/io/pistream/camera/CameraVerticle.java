package io.pistream.camera;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.CameraFrameCodec;
import io.pistream.contracts.CameraStatus;
import io.pistream.contracts.ConfigException;
import io.pistream.contracts.Failures;
import io.pistream.contracts.NodeIdentity;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cameras of this node: each captures on demand and publishes its frames on
 * {@link Addresses#cameraFrames}, answers demand, snapshot and profile requests on its own addresses,
 * and reports its {@code CameraStatus} on {@link Addresses#CAMERA_STATUS}.
 */
public class CameraVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(CameraVerticle.class);
  /** Capture threads block on pipes for as long as a camera runs; that is their job, not a hang. */
  private static final long CAPTURE_MAX_EXECUTE_DAYS = 3_650;

  private final List<Camera> cameras = new ArrayList<>();
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private final List<CameraHistory> histories = new ArrayList<>();
  private LongSupplier historyClock = System::currentTimeMillis;
  private long historyCheckMs = CameraHistory.CHECK_MS;
  private WorkerExecutor historyWorkers;
  private WorkerExecutor captureWorkers;
  private HttpClientAgent http;
  private SyntheticLoops loops;
  private Captures captures;

  /** The clock of the history pictures and how often their schedule looks at it; tests set their own before start. */
  CameraVerticle historyClock(LongSupplier clock, long checkMs) {
    this.historyClock = clock;
    this.historyCheckMs = checkMs;
    return this;
  }

  @Override
  public Future<?> start() {
    CameraConfig settings;
    String node;
    try {
      settings = CameraConfig.parse(config());
      node = NodeIdentity.of(config()).id();
    } catch (ConfigException e) {
      return Future.failedFuture(e);
    }
    CameraFrameCodec.registerOn(vertx.eventBus());
    captureWorkers = vertx.createSharedWorkerExecutor("pistream-camera-capture", 4 * settings.cameras().size() + 2,
        CAPTURE_MAX_EXECUTE_DAYS, TimeUnit.DAYS);
    http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout((int) Math.min(Integer.MAX_VALUE, settings.stallMs())));
    loops = new SyntheticLoops(vertx);
    captures = new Captures(vertx, context, captureWorkers, http, loops, settings);
    historyWorkers = vertx.createSharedWorkerExecutor("pistream-camera-history", 2);
    for (CameraSettings camera : settings.cameras()) {
      Camera controller = new Camera(vertx, node, camera, settings, captures, this::dropUnusedLoops);
      cameras.add(controller);
      consumers.add(vertx.eventBus().consumer(Addresses.cameraDemand(node, camera.id()), request ->
          answer(request, CameraRequests.demand(camera, request.body()).map(controller::demand).map(CameraStatus::toJson))));
      consumers.add(vertx.eventBus().consumer(Addresses.cameraSnapshot(node, camera.id()), request ->
          answer(request, controller.snapshot())));
      consumers.add(vertx.eventBus().consumer(Addresses.cameraProfile(node, camera.id()), request ->
          answer(request, CameraRequests.profile(camera, request.body()).map(controller::switchProfile).map(CameraStatus::toJson))));
      CameraHistory history = new CameraHistory(vertx, historyWorkers, camera.id(), camera.history(),
          settings.historyDirectory(node, camera.id()), "camera.dataDir", historyClock, historyCheckMs, controller::status,
          controller::snapshot, controller::publishStatus);
      controller.statusWith(history::describe);
      histories.add(history);
      consumers.add(vertx.eventBus().consumer(Addresses.cameraHistoryList(node, camera.id()), request ->
          answer(request, history.list(request.body()))));
      consumers.add(vertx.eventBus().consumer(Addresses.cameraHistoryPicture(node, camera.id()), request ->
          answer(request, history.picture(request.body()))));
    }
    consumers.add(vertx.eventBus().consumer(Addresses.CAMERA_STATUS_REFRESH, msg -> cameras.forEach(Camera::publishStatus)));
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList())
        .compose(v -> Future.all(histories.stream().map(CameraHistory::start).toList()))
        .onSuccess(v -> {
          log.info("{} camera(s) ready on node {}: {}", cameras.size(), node,
              cameras.stream().map(c -> c.settings().id() + " (" + c.settings().source().wire() + ")").collect(Collectors.joining(", ")));
          cameras.forEach(Camera::publishStatus);
        });
  }

  @Override
  public Future<?> stop() {
    List<Future<?>> closing = new ArrayList<>();
    histories.forEach(history -> closing.add(history.close()));
    cameras.forEach(camera -> closing.add(camera.close()));
    consumers.forEach(consumer -> closing.add(consumer.unregister()));
    if (http != null) {
      closing.add(http.close());
    }
    if (loops != null) {
      closing.add(loops.settled());
    }
    // Capture threads must be done before their pool goes.
    return Future.join(closing)
        .eventually(() -> historyWorkers == null ? Future.succeededFuture() : historyWorkers.close())
        .eventually(() -> captureWorkers == null ? Future.succeededFuture() : captureWorkers.close());
  }

  private static void answer(Message<Object> request, Future<?> answer) {
    answer.onComplete(request::reply, e -> {
      if (e instanceof ReplyException refused) {
        request.fail(refused.failureCode(), refused.getMessage());
      } else {
        log.error("cannot answer a request on {}", request.address(), e);
        request.fail(Failures.INTERNAL, "the camera could not answer: " + e.getMessage());
      }
    });
  }

  private void dropUnusedLoops() {
    loops.retainOnly(cameras.stream()
        .map(camera -> captures.syntheticKey(camera.settings(), camera.profile()))
        .filter(Objects::nonNull)
        .collect(Collectors.toSet()));
  }
}
