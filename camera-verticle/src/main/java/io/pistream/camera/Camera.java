package io.pistream.camera;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.CameraDemand;
import io.pistream.contracts.CameraFrame;
import io.pistream.contracts.CameraPrivacy;
import io.pistream.contracts.CameraState;
import io.pistream.contracts.CameraStatus;
import io.pistream.contracts.ChangeDetectionStatus;
import io.pistream.contracts.Failures;
import io.pistream.contracts.SnapshotHistoryStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One camera: captures while someone wants frames and reports its status. Who wants it and until when
 * is kept by {@link DemandLeases}, the capture runs under a {@link CaptureSupervisor}, and pictures and
 * snapshot answers go out through a {@link FramePublisher}. Every method runs on the verticle's event loop.
 */
final class Camera {

  private static final Logger log = LoggerFactory.getLogger(Camera.class);
  private static final long TICK_MS = 1_000;

  private final Vertx vertx;
  private final String node;
  private final CameraSettings settings;
  private final Runnable profileChanged;
  private final DemandLeases leases;
  private final CaptureSupervisor supervisor;
  private final FramePublisher publisher;
  private final FrameMeter meter;

  private Profile profile;
  private CameraState state = CameraState.IDLE;
  private String detail = "";
  private long since = System.currentTimeMillis();
  private FrameMeter.Sample rate = FrameMeter.Sample.ZERO;
  private long tickTimer = -1;
  private long idleTimer = -1;
  private UnaryOperator<CameraStatus> statusAddition = UnaryOperator.identity();

  Camera(Vertx vertx, String node, CameraSettings settings, CameraConfig config, Captures captures, Runnable profileChanged) {
    this.vertx = vertx;
    this.node = node;
    this.settings = settings;
    this.profileChanged = profileChanged;
    this.profile = settings.profile(settings.initialProfile());
    this.leases = new DemandLeases(config.idleTimeoutMs());
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
    this.publisher = new FramePublisher(vertx, node, settings, config.snapshotTimeoutMs(), () -> detail, this::snapshotEnded);
    this.meter = new FrameMeter(System.currentTimeMillis());
  }

  CameraSettings settings() {
    return settings;
  }

  Profile profile() {
    return profile;
  }

  CameraStatus status() {
    boolean streaming = state == CameraState.STREAMING;
    return statusAddition.apply(new CameraStatus(node, settings.id(), settings.name(), state, detail, profile.name(), settings.profileNames(),
        profile.width(), profile.height(), profile.fps(), profile.viewerCap(),
        streaming ? rate.fps() : 0, streaming ? rate.bitrateBps() : 0, since,
        FpsLadder.steps(settings.ladderFps(), profile.fps()), CameraPrivacy.OFF, SnapshotHistoryStatus.DISABLED,
        ChangeDetectionStatus.DISABLED));
  }

  /** What others add to the status this camera reports (its history pictures). */
  void statusWith(UnaryOperator<CameraStatus> addition) {
    this.statusAddition = addition;
  }

  void publishStatus() {
    vertx.eventBus().publish(Addresses.CAMERA_STATUS, status().toJson());
  }

  /** Holds or, with leaseMs 0, releases the consumer's lease; answers with the status. */
  CameraStatus demand(CameraDemand demand) {
    long now = System.currentTimeMillis();
    if (demand.leaseMs() == 0) {
      release(demand.consumer(), now);
    } else {
      leases.hold(demand.consumer(), demand.leaseMs(), now);
      ensureRunning();
      scheduleIdleCheck();
    }
    return status();
  }

  /** The next captured frame; fails with {@link Failures#UNAVAILABLE} when none comes. */
  Future<CameraFrame> snapshot() {
    ensureRunning();
    return publisher.nextFrame();
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
    Future<Void> published = publisher.close();
    cancelTimer(tickTimer);
    cancelTimer(idleTimer);
    tickTimer = -1;
    idleTimer = -1;
    if (state != CameraState.IDLE) {
      setState(CameraState.IDLE, "");
    }
    return Future.join(stopped, published).mapEmpty();
  }

  /** The consumer's lease ends now: the camera idles out idleTimeoutSeconds later unless someone else wants it. */
  private void release(String consumer, long now) {
    if (leases.release(consumer, now) && state != CameraState.IDLE) {
      log.debug("camera {}: {} released its demand", settings.id(), consumer);
      scheduleIdleCheck();
    }
  }

  private void ensureRunning() {
    if (state != CameraState.IDLE) {
      return;
    }
    log.info("camera {}: starting ({} source, profile {})", settings.id(), settings.source().wire(), profile.name());
    long now = System.currentTimeMillis();
    publisher.begin(now);
    meter.reset(now);
    setState(CameraState.STARTING, "camera starting");
    tickTimer = vertx.setPeriodic(TICK_MS, id -> tick());
    supervisor.start();
  }

  private void onFrame(JpegFrame frame) {
    if (state != CameraState.STREAMING) {
      setState(CameraState.STREAMING, "");
    }
    meter.record(frame.data().length());
    publisher.publish(frame, profile.fps());
  }

  private void onFailure(CaptureFailure failure, int attempt) {
    String text = failure.noDevice()
        ? failure.reason() + " (retrying, attempt " + attempt + ")"
        : "camera restarting (attempt " + attempt + "): " + failure.reason();
    setState(CameraState.FAILED, text);
    publisher.failSnapshots(failure);
    publishStatusFrame();
  }

  private void tick() {
    long now = System.currentTimeMillis();
    rate = meter.sample(now);
    supervisor.check();
    if (state == CameraState.STREAMING) {
      publishStatus();
    } else if (publisher.statusFrameDue(now)) {
      publishStatusFrame();
    }
  }

  private void publishStatusFrame() {
    BooleanSupplier sameRun = supervisor.sameRun();
    publisher.publishStatusFrame(profile, detail,
        () -> sameRun.getAsBoolean() && state != CameraState.STREAMING && state != CameraState.IDLE);
  }

  private void snapshotEnded() {
    leases.snapshotEnded(System.currentTimeMillis());
    scheduleIdleCheck();
  }

  private void scheduleIdleCheck() {
    cancelTimer(idleTimer);
    long delay = Math.max(1, leases.idleDeadline() - System.currentTimeMillis());
    idleTimer = vertx.setTimer(delay, id -> {
      idleTimer = -1;
      if (state == CameraState.IDLE || publisher.awaitingSnapshots()) {
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

  private void cancelTimer(long timer) {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }
}
