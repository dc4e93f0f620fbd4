package io.pistream.web;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.CameraFrame;
import io.pistream.contracts.CameraStatus;
import io.pistream.contracts.Failures;
import io.pistream.contracts.Ids;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The history pictures a camera keeps on its node ({@code camera.cameras[].history}): their list, the
 * picture nearest a moment, and a timelapse of a range as a downloadable {@code .mjpeg}, streamed one
 * picture at a time. Every answer comes from the camera over the bus; runs on the web verticle's context.
 */
final class CameraHistoryRoutes {

  static final Set<String> RANGE_PARAMETERS = Set.of("from", "to", "max");
  static final Set<String> PICTURE_PARAMETERS = Set.of("ts");
  static final int DEFAULT_LIST_MAX = 5_000;
  static final int MAX_LIST = 20_000;
  static final int DEFAULT_TIMELAPSE_MAX = 1_000;
  static final int MAX_TIMELAPSE = 5_000;
  /** The Content-Type of an .mjpeg file: JPEGs one after the other, no multipart boundaries. */
  static final String MJPEG_FILE_TYPE = "video/x-motion-jpeg";

  private static final Logger log = LoggerFactory.getLogger(CameraHistoryRoutes.class);
  private static final String ID = Ids.PATTERN.pattern();
  private static final long DEFAULT_SPAN_MS = TimeUnit.HOURS.toMillis(24);
  private static final Pattern EPOCH_MS = Pattern.compile("\\d{1,15}");
  private static final long LATEST_MS = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();
  private static final DateTimeFormatter FILE_NAME_TIME = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final Vertx vertx;
  private final BiFunction<String, String, Optional<CameraStatus>> cameras;
  private final HistoryRequestParser times;
  private final DeliveryOptions cameraRequest;
  private final RequestProblems problems;
  private final Clock clock;

  private record Range(long from, long to, int max) {
  }

  /**
   * @param cameras the cameras heard of, by node and id: others are 404
   * @param zone where local times in the parameters are read
   * @param requestTimeoutMs how long the camera's node may take to answer one request
   */
  CameraHistoryRoutes(Vertx vertx, BiFunction<String, String, Optional<CameraStatus>> cameras, ZoneId zone, long requestTimeoutMs,
      RequestProblems problems, Clock clock) {
    this.vertx = vertx;
    this.cameras = cameras;
    this.times = new HistoryRequestParser(zone);
    this.cameraRequest = new DeliveryOptions().setSendTimeout(requestTimeoutMs);
    this.problems = problems;
    this.clock = clock;
  }

  void mount(Router router) {
    router.getWithRegex("/api/cameras/(?<node>" + ID + ")/(?<camera>" + ID + ")/history")
        .handler(ctx -> list(ctx, ctx.pathParam("node"), ctx.pathParam("camera")));
    router.getWithRegex("/history-picture/(?<node>" + ID + ")/(?<camera>" + ID + ")\\.jpg")
        .handler(ctx -> picture(ctx, ctx.pathParam("node"), ctx.pathParam("camera")));
    router.getWithRegex("/api/cameras/(?<node>" + ID + ")/(?<camera>" + ID + ")/timelapse\\.mjpeg")
        .handler(ctx -> timelapse(ctx, ctx.pathParam("node"), ctx.pathParam("camera")));
  }

  private void list(RoutingContext ctx, String node, String camera) {
    if (unknown(ctx, node, camera)) {
      return;
    }
    Range range = rangeOrRefuse(ctx, DEFAULT_LIST_MAX, MAX_LIST);
    if (range == null) {
      return;
    }
    askList(node, camera, range).onComplete(
        reply -> JsonResponses.send(ctx, new JsonObject()
            .put("node", node)
            .put("camera", camera)
            .put("from", range.from())
            .put("to", range.to())
            .put("total", reply.getInteger("total", 0))
            .put("snapshots", reply.getJsonArray("snapshots", new JsonArray()))
            .put("status", reply.getJsonObject("status", new JsonObject()))),
        failure -> failed(ctx, "history list", node, camera, failure));
  }

  private void picture(RoutingContext ctx, String node, String camera) {
    if (unknown(ctx, node, camera)) {
      return;
    }
    long ts;
    try {
      QueryParameters query = QueryParameters.of(ctx.queryParams(), PICTURE_PARAMETERS);
      ts = time(query, "ts", clock.millis(), false);
    } catch (BadParameterException e) {
      HttpErrors.badRequest(ctx, e.parameter(), e.getMessage());
      return;
    }
    askPicture(node, camera, ts).onComplete(
        frame -> ctx.response()
            .putHeader("Content-Type", "image/jpeg")
            // A kept picture never changes, but which one is nearest does as pictures come and go.
            .putHeader("Cache-Control", "private, max-age=300")
            .putHeader("X-Timestamp", MjpegStreamPart.timestamp(frame.ts()))
            .end(frame.jpeg()),
        failure -> failed(ctx, "history picture", node, camera, failure));
  }

  private void timelapse(RoutingContext ctx, String node, String camera) {
    if (unknown(ctx, node, camera)) {
      return;
    }
    Range range = rangeOrRefuse(ctx, DEFAULT_TIMELAPSE_MAX, MAX_TIMELAPSE);
    if (range == null) {
      return;
    }
    askList(node, camera, range).onComplete(reply -> {
      List<Long> pictures = reply.getJsonArray("snapshots", new JsonArray()).stream()
          .map(item -> ((JsonObject) item).getLong("ts"))
          .toList();
      if (pictures.isEmpty()) {
        noPictures(ctx, node, camera, range);
        return;
      }
      send(ctx, node, camera, range, pictures, 0, 0);
    }, failure -> failed(ctx, "timelapse", node, camera, failure));
  }

  /** Writes the pictures from {@code index} on, one asked of the camera at a time, waiting while the client's queue is full. */
  private void send(RoutingContext ctx, String node, String camera, Range range, List<Long> pictures, int index, int sent) {
    HttpServerResponse response = ctx.response();
    if (response.closed()) {
      return;
    }
    if (index == pictures.size()) {
      if (sent == 0) {
        noPictures(ctx, node, camera, range);
      } else {
        response.end();
      }
      return;
    }
    long ts = pictures.get(index);
    askPicture(node, camera, ts).onComplete(frame -> {
      if (response.closed()) {
        return;
      }
      if (frame.ts() != ts) {
        // Thinned away since the list was made: its neighbour is in the list already.
        send(ctx, node, camera, range, pictures, index + 1, sent);
        return;
      }
      if (sent == 0) {
        // Only now: until the first picture is there, the answer may still be a JSON error.
        response.setChunked(true)
            .putHeader("Content-Type", MJPEG_FILE_TYPE)
            .putHeader("Content-Disposition", "attachment; filename=\"pistream-" + node + "-" + camera + "-"
                + FILE_NAME_TIME.format(Instant.ofEpochMilli(range.from())) + "-" + FILE_NAME_TIME.format(Instant.ofEpochMilli(range.to()))
                + ".mjpeg\"")
            .putHeader("Cache-Control", "no-store");
      }
      response.write(frame.jpeg());
      if (response.writeQueueFull()) {
        response.drainHandler(v -> {
          response.drainHandler(null);
          send(ctx, node, camera, range, pictures, index + 1, sent + 1);
        });
      } else {
        send(ctx, node, camera, range, pictures, index + 1, sent + 1);
      }
    }, failure -> {
      if (sent == 0) {
        failed(ctx, "timelapse", node, camera, failure);
      } else {
        problems.refused("camera unavailable", "timelapse of camera " + node + "/" + camera + " broke off after " + sent + " pictures: "
            + failure.getMessage());
        response.reset();
      }
    });
  }

  private Future<JsonObject> askList(String node, String camera, Range range) {
    JsonObject request = new JsonObject().put("from", range.from()).put("to", range.to()).put("limit", range.max());
    return vertx.eventBus().<JsonObject>request(Addresses.cameraHistoryList(node, camera), request, cameraRequest).map(Message::body);
  }

  private Future<CameraFrame> askPicture(String node, String camera, long ts) {
    return vertx.eventBus().<CameraFrame>request(Addresses.cameraHistoryPicture(node, camera), new JsonObject().put("ts", ts), cameraRequest)
        .map(Message::body);
  }

  /** The range the query asks for, or null once a 400 naming the parameter is sent. */
  private Range rangeOrRefuse(RoutingContext ctx, int defaultMax, int limit) {
    try {
      return range(ctx, defaultMax, limit);
    } catch (BadParameterException e) {
      HttpErrors.badRequest(ctx, e.parameter(), e.getMessage());
      return null;
    }
  }

  private Range range(RoutingContext ctx, int defaultMax, int limit) throws BadParameterException {
    QueryParameters query = QueryParameters.of(ctx.queryParams(), RANGE_PARAMETERS);
    long to = time(query, "to", clock.millis(), true);
    long from = time(query, "from", Math.max(0, to - DEFAULT_SPAN_MS), false);
    if (from >= to) {
      throw new BadParameterException("from", "must be before to, got from " + Instant.ofEpochMilli(from) + " and to " + Instant.ofEpochMilli(to));
    }
    String maxText = query.single("max");
    int max = defaultMax;
    if (maxText != null) {
      try {
        max = Integer.parseInt(maxText);
      } catch (NumberFormatException e) {
        max = -1;
      }
      if (max < 1 || max > limit) {
        throw new BadParameterException("max", "must be a whole number from 1 to " + limit + ", got '" + maxText + "'");
      }
    }
    return new Range(from, to, max);
  }

  /** A time as /api/readings takes it, or epoch milliseconds. */
  private long time(QueryParameters query, String parameter, long fallback, boolean endOfDate) throws BadParameterException {
    String text = query.single(parameter);
    if (text == null) {
      return fallback;
    }
    if (EPOCH_MS.matcher(text).matches()) {
      long ms = Long.parseLong(text);
      if (ms > LATEST_MS) {
        throw new BadParameterException(parameter, "must be between 1970 and 9999, got '" + text + "'");
      }
      return ms;
    }
    return times.time(parameter, text, endOfDate);
  }

  private boolean unknown(RoutingContext ctx, String node, String camera) {
    if (cameras.apply(node, camera).isPresent()) {
      return false;
    }
    HttpErrors.send(ctx, 404, "not_found", "no camera '" + camera + "' is known on node '" + node + "'");
    return true;
  }

  private static void noPictures(RoutingContext ctx, String node, String camera, Range range) {
    HttpErrors.send(ctx, 404, "not_found", "camera " + node + "/" + camera + " kept no pictures from " + Instant.ofEpochMilli(range.from())
        + " to " + Instant.ofEpochMilli(range.to()));
  }

  private void failed(RoutingContext ctx, String what, String node, String camera, Throwable failure) {
    if (failure instanceof ReplyException reply && reply.failureCode() == Failures.NOT_FOUND) {
      log.debug("{} of camera {}/{}: {}", what, node, camera, failure.getMessage());
    } else {
      problems.refused("camera unavailable", what + " of camera " + node + "/" + camera + " failed: " + failure.getMessage());
    }
    HttpErrors.fromBus(ctx, failure);
  }
}
