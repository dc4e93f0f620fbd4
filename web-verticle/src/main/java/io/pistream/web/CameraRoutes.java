package io.pistream.web;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.CameraStatus;
import io.pistream.contracts.CameraFrame;
import io.pistream.contracts.CameraFrameCodec;
import io.pistream.contracts.Ids;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The camera side of the HTTP server: MJPEG streams, snapshots, the camera list and profile switches.
 * Everything runs on the context that calls {@link #start()}, which must be the one serving the routes
 * (the web verticle's), so the viewer counts need no locking.
 */
final class CameraRoutes {

  private static final Logger log = LoggerFactory.getLogger(CameraRoutes.class);
  private static final String ID = Ids.PATTERN.pattern();
  private static final long PROFILE_TIMEOUT_MS = 10_000;
  private static final long REBALANCE_EVERY_MS = 1_000;
  private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  /** A frame size for a camera not measured yet: about what a JPEG at quality 80 of a busy scene takes. */
  private static final long ESTIMATED_PIXELS_PER_JPEG_BYTE = 8;

  private final Vertx vertx;
  private final String nodeId;
  private final CameraStreamSettings settings;
  private final ViewerLadder ladder;
  private final NodeDirectory nodes;
  private final AccessControl access;
  private final RequestProblems problems;
  private final CameraDirectory directory = new CameraDirectory();
  private final Map<String, CameraFeed> feeds = new HashMap<>();
  private final Map<String, CameraMeters> meters = new HashMap<>();
  private MessageConsumer<JsonObject> statusConsumer;
  private long nextViewerId = 1;
  private long rebalanceTimer = -1;

  /**
   * @param nodeId this node's id: the cameras of {@code /stream/{camera}.mjpg} and the demand's consumer
   * @param settings the validated {@code http.stream} section
   * @param nodes the nodes heard from: the cameras of a node that stopped beating are listed as offline
   * @param access who may switch a profile
   * @param problems where refused viewers and failed streams are logged, once and then counted
   */
  CameraRoutes(Vertx vertx, String nodeId, CameraStreamSettings settings, NodeDirectory nodes, AccessControl access,
      RequestProblems problems) {
    this.vertx = vertx;
    this.nodeId = nodeId;
    this.settings = settings;
    this.ladder = new ViewerLadder(settings.maxConnections(), settings.uplinkMbps());
    this.nodes = nodes;
    this.access = access;
    this.problems = problems;
  }

  /** Listens to camera status and asks every camera to report; call before {@link #mount}. */
  Future<Void> start() {
    CameraFrameCodec.registerOn(vertx.eventBus());
    statusConsumer = vertx.eventBus().consumer(Addresses.CAMERA_STATUS, this::onStatus);
    return statusConsumer.completion()
        .onSuccess(v -> vertx.eventBus().publish(Addresses.CAMERA_STATUS_REFRESH, new JsonObject()));
  }

  void mount(Router router) {
    router.get("/video_feed").handler(ctx -> directory.defaultCamera(nodeId, settings.defaultCamera()).ifPresentOrElse(
        status -> stream(ctx, status.node(), status.camera()),
        () -> HttpErrors.send(ctx, 404, "not_found", "node " + nodeId + " has no camera to stream")));
    router.getWithRegex("/stream/(?<camera>" + ID + ")\\.mjpg")
        .handler(ctx -> stream(ctx, nodeId, ctx.pathParam("camera")));
    router.getWithRegex("/stream/(?<node>" + ID + ")/(?<camera>" + ID + ")\\.mjpg")
        .handler(ctx -> stream(ctx, ctx.pathParam("node"), ctx.pathParam("camera")));
    router.getWithRegex("/snapshot/(?<camera>" + ID + ")\\.jpg")
        .handler(ctx -> snapshot(ctx, nodeId, ctx.pathParam("camera")));
    router.getWithRegex("/snapshot/(?<node>" + ID + ")/(?<camera>" + ID + ")\\.jpg")
        .handler(ctx -> snapshot(ctx, ctx.pathParam("node"), ctx.pathParam("camera")));
    router.get("/api/cameras").handler(this::listCameras);
    router.post("/api/cameras/:camera/profile")
        .handler(BodyHandler.create(false).setBodyLimit(4096))
        .handler(access.adminOnly())
        .handler(ctx -> switchProfile(ctx, nodeId, ctx.pathParam("camera")));
    router.post("/api/cameras/:node/:camera/profile")
        .handler(BodyHandler.create(false).setBodyLimit(4096))
        .handler(access.adminOnly())
        .handler(ctx -> switchProfile(ctx, ctx.pathParam("node"), ctx.pathParam("camera")));
  }

  /** Disconnects every viewer and stops listening. */
  Future<Void> stop() {
    vertx.cancelTimer(rebalanceTimer);
    List<Future<Void>> closing = new ArrayList<>();
    feeds.values().forEach(feed -> closing.add(feed.close()));
    if (statusConsumer != null) {
      closing.add(statusConsumer.unregister());
    }
    return Future.join(closing).mapEmpty();
  }

  /** The camera as last reported, if any node reported it. */
  Optional<CameraStatus> find(String node, String camera) {
    return directory.find(node, camera);
  }

  private void onStatus(Message<JsonObject> message) {
    try {
      directory.update(CameraStatus.fromJson(message.body()));
    } catch (IllegalArgumentException e) {
      log.warn("ignoring a malformed camera status {}: {}", message.body(), e.getMessage());
    }
  }

  private void stream(RoutingContext ctx, String node, String camera) {
    Optional<CameraStatus> found = directory.find(node, camera);
    if (found.isEmpty()) {
      notFound(ctx, node, camera);
      return;
    }
    CameraStatus status = found.get();
    int requestedFps;
    try {
      requestedFps = requestedFps(ctx, status.fps());
    } catch (IllegalArgumentException e) {
      HttpErrors.badRequest(ctx, "fps", e.getMessage());
      return;
    }
    String client = ctx.request().getParam("client", "");
    if (!client.isEmpty() && !CLIENT_ID.matcher(client).matches()) {
      HttpErrors.badRequest(ctx, "client", "must be 1 to 64 letters, digits, '-' or '_', got '" + client + "'");
      return;
    }
    CameraFeed feed = feeds.computeIfAbsent(CameraDirectory.key(node, camera),
        key -> {
          CameraFeed created = new CameraFeed(vertx, node, camera, nodeId, settings, directory);
          meters.put(key, CameraMeters.register(node, camera, created));
          return created;
        });
    ViewerLadder.Admission admission = ladder.admit(seats(), terms(status, feed), requestedFps);
    if (!admission.admitted()) {
      ViewerRefusal refusal = admission.refusal();
      problems.refused("viewer cap", "a viewer of " + node + "/" + camera + ": " + refusal.detail());
      meters.get(CameraDirectory.key(node, camera)).refusedViewer();
      refusal.send(ctx, settings.retryAfterSeconds());
      return;
    }
    HttpServerResponse response = ctx.response()
        .setChunked(true)
        .putHeader("Content-Type", MjpegStreamPart.CONTENT_TYPE)
        .putHeader("Cache-Control", "no-store, no-cache, must-revalidate, max-age=0")
        .putHeader("Pragma", "no-cache");
    ViewerConnection viewer = new ViewerConnection(nextViewerId++, response, ctx.request().connection(),
        String.valueOf(ctx.request().remoteAddress()), client, requestedFps, admission.stepFps());
    if (rebalanceTimer < 0) {
      rebalanceTimer = vertx.setPeriodic(REBALANCE_EVERY_MS, id -> rebalance());
    }
    response.closeHandler(v -> feed.leave(viewer));
    response.exceptionHandler(e -> log.debug("viewer {} of {}/{} failed: {}", viewer.id(), node, camera, e.getMessage()));
    feed.join(viewer).onComplete(
        ok -> {
          if (!response.headWritten() && !response.closed()) {
            response.writeHead();
          }
        },
        failure -> {
          problems.refused("camera unavailable", "cannot stream camera " + node + "/" + camera + ": " + failure.getMessage());
          response.setChunked(false);
          HttpErrors.fromBus(ctx, failure);
        });
  }

  private static int requestedFps(RoutingContext ctx, int cameraFps) {
    String value = ctx.request().getParam("fps");
    if (value == null || value.isEmpty()) {
      return 0;
    }
    int max = cameraFps > 0 ? cameraFps : 120;
    try {
      int fps = Integer.parseInt(value.trim());
      if (fps >= 1 && fps <= max) {
        return fps;
      }
    } catch (NumberFormatException e) {
      // reported below with the accepted range
    }
    throw new IllegalArgumentException("must be a whole number from 1 to " + max + " (the camera's rate), got '" + value + "'");
  }

  /** Every viewer of this server with its step, in the order they joined. */
  private List<ViewerLadder.Seat> seats() {
    return viewersInJoinOrder().stream().map(Seated::seat).toList();
  }

  /** A viewer and the terms of its camera. */
  private record Seated(ViewerConnection viewer, ViewerLadder.CameraTerms terms) {

    ViewerLadder.Seat seat() {
      return new ViewerLadder.Seat(terms, viewer.stepFps(), viewer.requestedFps());
    }
  }

  private List<Seated> viewersInJoinOrder() {
    List<Seated> all = new ArrayList<>();
    for (CameraFeed feed : feeds.values()) {
      Optional<CameraStatus> status = directory.find(feed.node(), feed.camera());
      if (status.isPresent()) {
        ViewerLadder.CameraTerms terms = terms(status.get(), feed);
        feed.seats().forEach(viewer -> all.add(new Seated(viewer, terms)));
      }
    }
    all.sort(Comparator.comparingLong(seated -> seated.viewer().id()));
    return all;
  }

  /**
   * Once a second while anyone watches: the steps the budget gives every viewer now, so viewers move up
   * when others leave and down when frames grow.
   */
  private void rebalance() {
    if (connections() == 0) {
      vertx.cancelTimer(rebalanceTimer);
      rebalanceTimer = -1;
      return;
    }
    List<Seated> viewers = viewersInJoinOrder();
    int[] steps = ladder.plan(viewers.stream().map(Seated::seat).toList());
    for (int i = 0; i < steps.length; i++) {
      viewers.get(i).viewer().stepFps(steps[i]);
    }
  }

  /** A camera's terms for the ladder; its frame size as this server sees it, else as reported or estimated. */
  private ViewerLadder.CameraTerms terms(CameraStatus status, CameraFeed feed) {
    long frameBytes = feed != null ? feed.frameBytes() : 0;
    if (frameBytes <= 0 && status.bitrateBps() > 0 && status.measuredFps() > 0) {
      frameBytes = Math.round(status.bitrateBps() / 8.0 / status.measuredFps());
    }
    if (frameBytes <= 0) {
      frameBytes = Math.max(1, (long) status.width() * status.height() / ESTIMATED_PIXELS_PER_JPEG_BYTE);
    }
    int fullRateSlots = status.viewerCap() > 0 ? status.viewerCap() : settings.maxConnections();
    return new ViewerLadder.CameraTerms(CameraDirectory.key(status.node(), status.camera()), status.ladderFps(), fullRateSlots,
        frameBytes);
  }

  private int connections() {
    int total = 0;
    for (CameraFeed feed : feeds.values()) {
      total += feed.watching();
    }
    return total;
  }

  private void snapshot(RoutingContext ctx, String node, String camera) {
    if (directory.find(node, camera).isEmpty()) {
      notFound(ctx, node, camera);
      return;
    }
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(TimeUnit.SECONDS.toMillis(settings.snapshotTimeoutSeconds()));
    vertx.eventBus().<CameraFrame>request(Addresses.cameraSnapshot(node, camera), new JsonObject(), options).onComplete(
        reply -> {
          CameraFrame frame = reply.body();
          ctx.response()
              .putHeader("Content-Type", "image/jpeg")
              .putHeader("Cache-Control", "no-store")
              .putHeader("X-Timestamp", MjpegStreamPart.timestamp(frame.ts()))
              .end(frame.jpeg());
        },
        failure -> {
          problems.refused("camera unavailable", "snapshot of camera " + node + "/" + camera + " failed: " + failure.getMessage());
          HttpErrors.fromBus(ctx, failure);
        });
  }

  private void listCameras(RoutingContext ctx) {
    JsonArray cameras = new JsonArray();
    for (CameraStatus status : directory.all()) {
      cameras.add(view(status).toJson());
    }
    ctx.response()
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .end(new JsonObject()
            .put("node", nodeId)
            .put("connections", connections())
            .put("maxConnections", ladder.maxConnections())
            .put("uplinkMbps", settings.uplinkMbps())
            .put("cameras", cameras)
            .encode());
  }

  private CameraView view(CameraStatus status) {
    CameraFeed feed = feeds.get(CameraDirectory.key(status.node(), status.camera()));
    List<ViewerLadder.Seat> seats = seats();
    return new CameraView(status,
        nodes.isOffline(status.node(), System.currentTimeMillis()),
        feed == null ? 0 : feed.watching(),
        ladder.capacity(seats, terms(status, feed)),
        feed == null ? 0 : feed.skippedFrames(),
        feed == null ? 0 : feed.stallDisconnects(),
        feed == null ? new JsonArray() : feed.viewersJson(status.fps()),
        feed == null ? emptyLadder(status.ladderFps()) : feed.ladderJson(status.ladderFps()));
  }

  private static JsonArray emptyLadder(List<Integer> steps) {
    JsonArray ladder = new JsonArray();
    steps.forEach(step -> ladder.add(new JsonObject().put("fps", step).put("viewers", 0)));
    return ladder;
  }

  private void switchProfile(RoutingContext ctx, String node, String camera) {
    Optional<CameraStatus> found = directory.find(node, camera);
    if (found.isEmpty()) {
      notFound(ctx, node, camera);
      return;
    }
    String profile;
    try {
      JsonObject body = ctx.body().asJsonObject();
      Object value = body == null ? null : body.getValue("profile");
      if (!(value instanceof String text) || text.isBlank()) {
        HttpErrors.badRequest(ctx, "profile", "the body must be {\"profile\": name}");
        return;
      }
      profile = text;
    } catch (DecodeException e) {
      HttpErrors.badRequest(ctx, "profile", "the body is not JSON: " + e.getMessage());
      return;
    } catch (ClassCastException e) {
      HttpErrors.badRequest(ctx, "profile", "the body must be {\"profile\": name}, not a JSON array or value");
      return;
    }
    List<String> profiles = found.get().profiles();
    if (!profiles.isEmpty() && !profiles.contains(profile)) {
      HttpErrors.badRequest(ctx, "profile", "camera " + camera + " has no profile '" + profile + "', it has " + String.join(", ", profiles));
      return;
    }
    vertx.eventBus().<JsonObject>request(Addresses.cameraProfile(node, camera), new JsonObject().put("profile", profile),
            new DeliveryOptions().setSendTimeout(PROFILE_TIMEOUT_MS))
        .map(reply -> CameraStatus.fromJson(reply.body()))
        .onComplete(
            status -> {
              directory.update(status);
              log.info("camera {}/{} switched to profile {}", node, camera, status.profile());
              ctx.response()
                  .putHeader("Content-Type", "application/json; charset=utf-8")
                  .putHeader("Cache-Control", "no-store")
                  .end(view(status).toJson().encode());
            },
            failure -> {
              log.warn("profile switch of camera {}/{} to {} failed: {}", node, camera, profile, failure.getMessage());
              HttpErrors.fromBus(ctx, failure);
            });
  }

  private static void notFound(RoutingContext ctx, String node, String camera) {
    HttpErrors.send(ctx, 404, "not_found", "no camera '" + camera + "' is known on node '" + node + "'");
  }
}
