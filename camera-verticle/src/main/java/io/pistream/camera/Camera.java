package io.pistream.camera;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.CameraDemand;
import io.pistream.contracts.CameraState;
import io.pistream.contracts.CameraStatus;
import io.pistream.contracts.Failures;
import io.pistream.contracts.CameraFrame;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One camera: captures while someone wants frames, publishes them, supervises the capture (restart with
 * backoff on a crash or a stall, status pictures meanwhile) and reports its status. Every method runs on
 * the verticle's event loop.
 */
final class Camera {

  private static final Logger log = LoggerFactory.getLogger(Camera.class);
  private static final long TICK_MS = 1_000;

  private final Vertx vertx;
  private final String node;
  private final CameraSettings settings;
  private final CameraConfig config;
  private final Runnable profileChanged;
  private final String framesAddress;
  private final StatusFrames statusFrames;
  private final CaptureSupervisor supervisor;
  private final FrameMeter meter;
  private final DemandLeases leases;
  private final List<PendingSnapshot> snapshots = new ArrayList<>();

  private Profile profile;
  private CameraState state = CameraState.IDLE;
  private String detail = "";
  private long since = System.currentTimeMillis();
  private FrameMeter.Sample rate = FrameMeter.Sample.ZERO;

  private long lastStatusFrameAt;
  private long seq;
  private long tickTimer = -1;
  private long idleTimer = -1;

  private record PendingSnapshot(Promise<CameraFrame> answer, long timer) {
  }

  Camera(Vertx vertx, String node, CameraSettings settings, CameraConfig config, Captures captures, Runnable profileChanged) {
    this.vertx = vertx;
    this.node = node;
    this.settings = settings;
    this.config = config;
    this.profileChanged = profileChanged;
    this.framesAddress = Addresses.cameraFrames(node, settings.id());
    this.statusFrames = new StatusFrames(vertx, settings.name());
    this.supervisor = new CaptureSupervisor(vertx, settings.id(), listener -> captures.create(settings, profile, listener),
        new RestartBackoff(config.restartBackoffInitialMs(), config.restartBackoffMaxMs()), config.stallMs(),
        System::currentTimeMillis, new CaptureSupervisor.Events() {
          @Override
          public void frame(JpegFrame frame) {
            onFrame(frame);
          }

          @Override
          public void failed(CaptureFailure failure, int attempt) {
            onFailure(failure, attempt);
          }
        });
    this.meter = new FrameMeter(System.currentTimeMillis());
    this.leases = new DemandLeases(config.idleTimeoutMs());
    this.profile = settings.profile(settings.initialProfile());
  }

  CameraSettings settings() {
    return settings;
  }

  Profile profile() {
    return profile;
  }

  CameraStatus status() {
    boolean streaming = state == CameraState.STREAMING;
    return new CameraStatus(node, settings.id(), settings.name(), state, detail, profile.name(), settings.profileNames(),
        profile.width(), profile.height(), profile.fps(), profile.viewerCap(),
        streaming ? rate.fps() : 0, streaming ? rate.bitrateBps() : 0, since);
  }

  void publishStatus() {
    vertx.eventBus().publish(Addresses.CAMERA_STATUS, status().toJson());
  }

  /** Holds or, with leaseMs 0, releases the consumer's lease; answers with the status. */
  CameraStatus demand(CameraDemand demand) {
    if (demand.leaseMs() == 0) {
      release(demand.consumer());
    } else {
      leases.hold(demand.consumer(), demand.leaseMs(), System.currentTimeMillis());
      ensureRunning();
      scheduleIdleCheck();
    }
    return status();
  }

  /** The consumer's lease ends now: the camera idles out idleTimeoutSeconds later unless someone else wants it. */
  private void release(String consumer) {
    if (leases.release(consumer, System.currentTimeMillis()) && state != CameraState.IDLE) {
      log.debug("camera {}: {} released its demand", settings.id(), consumer);
      scheduleIdleCheck();
    }
  }

  /** The next captured frame; fails with {@link Failures#UNAVAILABLE} when none comes. */
  Future<CameraFrame> snapshot() {
    ensureRunning();
    long timeoutMs = config.snapshotTimeoutMs();
    Promise<CameraFrame> answer = Promise.promise();
    PendingSnapshot pending = new PendingSnapshot(answer, vertx.setTimer(timeoutMs, id -> {
      snapshotDone(answer);
      String why = detail.isEmpty() ? "" : ": " + detail;
      answer.fail(unavailable("no frame from camera " + settings.id() + " within " + timeoutMs + " ms" + why));
    }));
    snapshots.add(pending);
    return answer.future();
  }

  /** Switches to the profile, restarting a running capture with it; answers with the status. */
  CameraStatus switchProfile(Profile next) {
    if (!next.equals(profile)) {
      log.info("camera {}: profile {} -> {}", settings.id(), profile.name(), next.name());
      profile = next;
      profileChanged.run();
      if (state == CameraState.IDLE) {
        publishStatus();
      } else {
        setState(CameraState.STARTING, "switching to profile " + next.name());
        supervisor.start();
      }
    }
    return status();
  }

  /** Stops capturing for good (undeploy); pending snapshots get an answer. */
  Future<Void> close() {
    Future<Void> stopped = supervisor.stop();
    for (PendingSnapshot pending : snapshots) {
      vertx.cancelTimer(pending.timer());
      pending.answer().fail(unavailable("camera " + settings.id() + " is shutting down"));
    }
    snapshots.clear();
    cancelTimer(tickTimer);
    cancelTimer(idleTimer);
    tickTimer = -1;
    idleTimer = -1;
    if (state != CameraState.IDLE) {
      setState(CameraState.IDLE, "");
    }
    return Future.join(stopped, statusFrames.settled()).mapEmpty();
  }

  private void ensureRunning() {
    if (state != CameraState.IDLE) {
      return;
    }
    log.info("camera {}: starting ({} source, profile {})", settings.id(), settings.source().wire(), profile.name());
    seq = 0;
    lastStatusFrameAt = System.currentTimeMillis();
    meter.reset(System.currentTimeMillis());
    setState(CameraState.STARTING, "camera starting");
    tickTimer = vertx.setPeriodic(TICK_MS, id -> tick());
    supervisor.start();
  }

  private void onFrame(JpegFrame frame) {
    long now = System.currentTimeMillis();
    if (state != CameraState.STREAMING) {
      setState(CameraState.STREAMING, "");
    }
    meter.record(frame.data().length());
    CameraFrame published = new CameraFrame(frame.data(), seq++, now, frame.width(), frame.height(), profile.fps(), false);
    vertx.eventBus().publish(framesAddress, published);
    for (PendingSnapshot pending : List.copyOf(snapshots)) {
      snapshotDone(pending.answer());
      pending.answer().complete(published);
    }
  }

  private void onFailure(CaptureFailure failure, int attempt) {
    String text = failure.noDevice()
        ? failure.reason() + " (retrying, attempt " + attempt + ")"
        : "camera restarting (attempt " + attempt + "): " + failure.reason();
    setState(CameraState.FAILED, text);
    for (PendingSnapshot pending : List.copyOf(snapshots)) {
      snapshotDone(pending.answer());
      pending.answer().fail(unavailable("camera " + settings.id() + " cannot deliver: " + failure.reason()));
    }
    publishStatusFrame();
  }

  private void tick() {
    long now = System.currentTimeMillis();
    rate = meter.sample(now);
    supervisor.check();
    if (state == CameraState.STREAMING) {
      publishStatus();
    } else if (now - lastStatusFrameAt >= TICK_MS - 100) {
      publishStatusFrame();
    }
  }

  /** Shows viewers why there is no picture, about once a second, instead of leaving them on silence. */
  private void publishStatusFrame() {
    lastStatusFrameAt = System.currentTimeMillis();
    Profile shown = profile;
    BooleanSupplier sameRun = supervisor.sameRun();
    statusFrames.get(shown, detail).onComplete(jpeg -> {
      if (sameRun.getAsBoolean() && state != CameraState.STREAMING && state != CameraState.IDLE) {
        vertx.eventBus().publish(framesAddress,
            new CameraFrame(jpeg, seq++, System.currentTimeMillis(), shown.width(), shown.height(), shown.fps(), true));
      }
    }, e -> log.error("camera {}: cannot render the status picture '{}'", settings.id(), detail, e));
  }

  private void scheduleIdleCheck() {
    cancelTimer(idleTimer);
    long delay = Math.max(1, leases.idleDeadline() - System.currentTimeMillis());
    idleTimer = vertx.setTimer(delay, id -> {
      idleTimer = -1;
      if (state == CameraState.IDLE || !snapshots.isEmpty()) {
        return;
      }
      if (System.currentTimeMillis() >= leases.idleDeadline()) {
        stopForIdle();
      } else {
        scheduleIdleCheck();
      }
    });
  }

  private void stopForIdle() {
    log.info("camera {}: nobody watched for {} ms, stopping", settings.id(), leases.idleTimeoutMs());
    supervisor.stop();
    cancelTimer(tickTimer);
    tickTimer = -1;
    leases.clear();
    rate = FrameMeter.Sample.ZERO;
    setState(CameraState.IDLE, "");
  }

  private void snapshotDone(Promise<CameraFrame> answer) {
    snapshots.removeIf(pending -> {
      if (pending.answer() == answer) {
        vertx.cancelTimer(pending.timer());
        return true;
      }
      return false;
    });
    leases.snapshotEnded(System.currentTimeMillis());
    scheduleIdleCheck();
  }

  private void setState(CameraState next, String nextDetail) {
    if (next == state && nextDetail.equals(detail)) {
      return;
    }
    if (next != state) {
      since = System.currentTimeMillis();
    }
    state = next;
    detail = nextDetail;
    publishStatus();
  }

  private static ReplyException unavailable(String text) {
    return CameraRequests.failure(Failures.UNAVAILABLE, text);
  }

  private void cancelTimer(long timer) {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }
}
