package io.pistream.camera;

import io.pistream.contracts.CameraFrame;
import io.pistream.contracts.CameraStatus;
import io.pistream.contracts.ConfigException;
import io.pistream.contracts.Failures;
import io.pistream.contracts.SnapshotHistoryStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The history pictures of one camera: every {@code everyMinutes} it asks the camera for a snapshot (which
 * wakes a camera nobody watches and lets it idle out again after), keeps it downscaled in a
 * {@link HistoryStore}, thins and bounds what is kept, and answers the list and picture requests. No
 * picture is taken while the camera's status says it is switched off for privacy.
 *
 * <p>Its methods run on the camera verticle's event loop; disk and image work goes to the history workers.
 * Time comes from the history clock, which tests control: the schedule, the pictures' times and the
 * thinning all read it.
 */
final class CameraHistory {

  /** What one check of the schedule did. */
  enum Outcome { OFF, NOT_DUE, BUSY, TAKEN, PRIVATE, FAILED }

  /** How long the schedule sleeps at most, so that a clock set forward or back is noticed within it. */
  static final long CHECK_MS = 60_000;
  static final int DEFAULT_LIST_LIMIT = 5_000;
  static final int MAX_LIST_LIMIT = 100_000;

  private static final Logger log = LoggerFactory.getLogger(CameraHistory.class);

  private final Vertx vertx;
  private final WorkerExecutor workers;
  private final String cameraId;
  private final HistorySettings settings;
  private final Path dir;
  private final String dataDirSetting;
  private final LongSupplier clock;
  private final long checkMs;
  private final Supplier<CameraStatus> cameraStatus;
  private final Supplier<Future<CameraFrame>> snapshot;
  private final Runnable changed;

  private HistoryStore store;
  private long nextDue;
  private boolean busy;
  private boolean closed;
  private boolean skippingForPrivacy;
  private String lastFailure;
  private long timer = -1;
  private Future<?> inFlight = Future.succeededFuture();

  /**
   * @param dir where the pictures live
   * @param dataDirSetting the setting that put them there, for the error when it cannot be used
   * @param cameraStatus the camera's status now, read for its privacy switch
   * @param snapshot the camera's next fresh frame, taken the way any snapshot is
   * @param changed told when what the status reports about the pictures changed
   */
  CameraHistory(Vertx vertx, WorkerExecutor workers, String cameraId, HistorySettings settings, Path dir, String dataDirSetting,
      LongSupplier clock, long checkMs, Supplier<CameraStatus> cameraStatus, Supplier<Future<CameraFrame>> snapshot, Runnable changed) {
    this.vertx = vertx;
    this.workers = workers;
    this.cameraId = cameraId;
    this.settings = settings;
    this.dir = dir;
    this.dataDirSetting = dataDirSetting;
    this.clock = clock;
    this.checkMs = checkMs;
    this.cameraStatus = cameraStatus;
    this.snapshot = snapshot;
    this.changed = changed;
  }

  /**
   * Indexes the kept pictures and thins them, then starts the schedule: the first picture is due one
   * interval after the newest kept, at once when there is none. A camera without history only says
   * whether an earlier history left pictures behind.
   */
  Future<Void> start() {
    if (!settings.enabled()) {
      return workers.executeBlocking(() -> HistoryStore.count(dir), false)
          .onSuccess(left -> {
            if (left > 0) {
              log.info("camera {}: history is off; {} picture(s) of an earlier history are left in {} (delete the directory to remove them)",
                  cameraId, left, dir);
            }
          })
          .onFailure(e -> log.warn("camera {}: cannot look into {} for pictures of an earlier history", cameraId, dir, e))
          .otherwiseEmpty()
          .mapEmpty();
    }
    return workers.executeBlocking(() -> {
      HistoryStore opened;
      try {
        opened = HistoryStore.open(dir);
      } catch (IOException e) {
        throw new ConfigException(dataDirSetting + ": cannot keep the history pictures of camera " + cameraId + " in " + dir + ": " + e);
      }
      opened.delete(HistoryThinning.toDelete(opened.all(), clock.getAsLong(), settings));
      return opened;
    }, false).map(opened -> {
      store = opened;
      HistoryStore.Summary kept = opened.summary();
      nextDue = kept.newestTs() > 0 ? kept.newestTs() + settings.everyMs() : clock.getAsLong();
      log.info("camera {}: a history picture every {} min, {} px wide, in {} ({} kept, {} bytes of {})", cameraId, settings.everyMinutes(),
          settings.width(), dir, kept.pictures(), kept.bytes(), settings.maxBytes());
      schedule();
      return null;
    });
  }

  /** Stops the schedule; completes once a picture being kept is on the disk. */
  Future<Void> close() {
    closed = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    return inFlight.otherwiseEmpty().mapEmpty();
  }

  SnapshotHistoryStatus status() {
    if (store == null) {
      return settings.enabled()
          ? new SnapshotHistoryStatus(true, settings.everyMinutes(), settings.width(), 0, 0, settings.maxBytes(), 0, 0)
          : SnapshotHistoryStatus.DISABLED;
    }
    HistoryStore.Summary kept = store.summary();
    return new SnapshotHistoryStatus(true, settings.everyMinutes(), settings.width(), kept.pictures(), kept.bytes(), settings.maxBytes(),
        kept.oldestTs(), kept.newestTs());
  }

  /** The camera's status with what it keeps: everything else as the camera said it. */
  CameraStatus describe(CameraStatus camera) {
    return new CameraStatus(camera.node(), camera.camera(), camera.name(), camera.state(), camera.detail(), camera.profile(),
        camera.profiles(), camera.width(), camera.height(), camera.fps(), camera.viewerCap(), camera.measuredFps(), camera.bitrateBps(),
        camera.since(), camera.ladderFps(), camera.privacy(), status(), camera.changes());
  }

  /**
   * Takes a picture when one is due. A clock that jumped ahead skips the missed pictures; one set back
   * by more than an interval starts the schedule again from now.
   */
  Future<Outcome> check() {
    if (store == null || closed) {
      return Future.succeededFuture(Outcome.OFF);
    }
    long now = clock.getAsLong();
    if (now < nextDue) {
      if (nextDue - now > settings.everyMs()) {
        nextDue = now + settings.everyMs();
      }
      return Future.succeededFuture(Outcome.NOT_DUE);
    }
    if (busy) {
      return Future.succeededFuture(Outcome.BUSY);
    }
    nextDue = nextDue + settings.everyMs() > now ? nextDue + settings.everyMs() : now + settings.everyMs();
    busy = true;
    Future<Outcome> outcome;
    if (isPrivate()) {
      outcome = skipForPrivacy(now);
    } else {
      if (skippingForPrivacy) {
        skippingForPrivacy = false;
        log.info("camera {}: on again, history pictures resume", cameraId);
      }
      outcome = take();
    }
    inFlight = outcome;
    return outcome.onComplete(done -> busy = false);
  }

  /** {@code {"from", "to", "limit"}} in; the pictures in that range, evenly thinned to the limit, and the status out. */
  Future<JsonObject> list(Object body) {
    long from;
    long to;
    int limit;
    try {
      JsonObject request = requestObject(body, "a history list");
      from = whole(request, "from", 0, 0, Long.MAX_VALUE);
      to = whole(request, "to", Long.MAX_VALUE, 0, Long.MAX_VALUE);
      limit = (int) whole(request, "limit", DEFAULT_LIST_LIMIT, 1, MAX_LIST_LIMIT);
      if (from > to) {
        throw new IllegalArgumentException("from (" + from + ") must not be after to (" + to + ")");
      }
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(CameraRequests.failure(Failures.BAD_REQUEST, "bad history list of camera " + cameraId + ": " + e.getMessage()));
    }
    List<StoredPicture> pictures = store == null ? List.of() : store.between(from, to);
    JsonArray listed = new JsonArray();
    evenly(pictures, limit).forEach(picture -> listed.add(picture.toJson()));
    return Future.succeededFuture(new JsonObject()
        .put("snapshots", listed)
        .put("total", pictures.size())
        .put("status", status().toJson()));
  }

  /** {@code {"ts"}} in (absent: now); the kept picture nearest that time out, as a frame. */
  Future<CameraFrame> picture(Object body) {
    long ts;
    try {
      ts = whole(requestObject(body, "a history picture request"), "ts", clock.getAsLong(), Long.MIN_VALUE, Long.MAX_VALUE);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(CameraRequests.failure(Failures.BAD_REQUEST, "bad history picture request of camera " + cameraId + ": "
          + e.getMessage()));
    }
    if (store == null) {
      return Future.failedFuture(CameraRequests.failure(Failures.NOT_FOUND, "camera " + cameraId
          + " keeps no history pictures (its history.everyMinutes is 0)"));
    }
    return workers.executeBlocking(() -> read(ts), false);
  }

  private CameraFrame read(long ts) throws IOException {
    // A picture thinned away between the lookup and the read: the next nearest is as good an answer.
    for (int attempt = 0; attempt < 3; attempt++) {
      StoredPicture nearest = store.nearest(ts);
      if (nearest == null) {
        break;
      }
      try {
        byte[] jpeg = store.read(nearest.ts());
        int[] size = HistoryPictures.dimensions(jpeg);
        return new CameraFrame(Buffer.buffer(jpeg), 0, nearest.ts(), size[0], size[1], 0, false);
      } catch (NoSuchFileException e) {
        log.debug("camera {}: history picture {} went while it was read", cameraId, nearest.ts());
      }
    }
    throw CameraRequests.failure(Failures.NOT_FOUND, "camera " + cameraId + " has no history pictures yet");
  }

  private boolean isPrivate() {
    return cameraStatus.get().privacy().on();
  }

  private Future<Outcome> take() {
    return snapshot.get()
        .compose(frame -> {
          if (isPrivate()) {
            // Switched off while the camera was waking: this picture is not kept.
            return skipForPrivacy(clock.getAsLong());
          }
          // Stamped by the history clock as it arrives (the publisher stamps frames the same way), so that
          // the schedule, the names and the thinning share one clock.
          long ts = clock.getAsLong();
          byte[] jpeg = frame.jpeg().getBytes();
          return workers.executeBlocking(() -> {
            store.add(ts, HistoryPictures.downscale(jpeg, settings.width()));
            store.delete(HistoryThinning.toDelete(store.all(), ts, settings));
            return Outcome.TAKEN;
          }, false);
        })
        .onSuccess(outcome -> {
          if (outcome == Outcome.TAKEN) {
            if (lastFailure != null) {
              log.info("camera {}: history pictures are taken again", cameraId);
              lastFailure = null;
            }
            changed.run();
          }
        })
        .recover(e -> {
          String reason = String.valueOf(e.getMessage());
          if (closed) {
            log.debug("camera {}: no history picture, shutting down: {}", cameraId, reason);
          } else if (lastFailure == null) {
            log.warn("camera {}: no history picture this time, trying again in {} min: {}", cameraId, settings.everyMinutes(), reason);
          } else {
            log.debug("camera {}: still no history picture: {}", cameraId, reason);
          }
          lastFailure = reason;
          return thin(clock.getAsLong()).map(Outcome.FAILED);
        });
  }

  private Future<Outcome> skipForPrivacy(long now) {
    if (!skippingForPrivacy) {
      skippingForPrivacy = true;
      log.info("camera {}: switched off for privacy, no history pictures until it is on again", cameraId);
    }
    return thin(now).map(Outcome.PRIVATE);
  }

  /** Thins without a new picture, so that old ones still go while none are taken. */
  private Future<Void> thin(long now) {
    return workers.executeBlocking(() -> {
      List<StoredPicture> going = HistoryThinning.toDelete(store.all(), now, settings);
      store.delete(going);
      return going.size();
    }, false).onComplete(deleted -> {
      if (deleted > 0) {
        changed.run();
      }
    }, e -> log.warn("camera {}: cannot thin the history pictures in {}", cameraId, dir, e)).otherwiseEmpty().mapEmpty();
  }

  private void schedule() {
    if (closed) {
      return;
    }
    long delay = Math.max(1, Math.min(checkMs, nextDue - clock.getAsLong()));
    timer = vertx.setTimer(delay, id -> {
      timer = -1;
      check().onComplete(outcome -> schedule());
    });
  }

  private static List<StoredPicture> evenly(List<StoredPicture> pictures, int limit) {
    if (pictures.size() <= limit) {
      return pictures;
    }
    List<StoredPicture> chosen = new ArrayList<>(limit);
    if (limit == 1) {
      chosen.add(pictures.get(pictures.size() - 1));
      return chosen;
    }
    for (int i = 0; i < limit; i++) {
      chosen.add(pictures.get((int) Math.round(i * (pictures.size() - 1) / (double) (limit - 1))));
    }
    return chosen;
  }

  private static JsonObject requestObject(Object body, String what) {
    if (body == null) {
      return new JsonObject();
    }
    if (!(body instanceof JsonObject json)) {
      throw new IllegalArgumentException(what + " must be a JSON object");
    }
    return json;
  }

  private static long whole(JsonObject request, String key, long fallback, long min, long max) {
    Object value = request.getValue(key);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())) {
      throw new IllegalArgumentException(key + " must be a whole number, got " + value);
    }
    long whole = number.longValue();
    if (whole < min || whole > max) {
      throw new IllegalArgumentException(key + " must be between " + min + " and " + max + ", got " + whole);
    }
    return whole;
  }
}
