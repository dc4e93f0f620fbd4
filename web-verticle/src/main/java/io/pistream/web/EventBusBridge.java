package io.pistream.web;

import io.pistream.contracts.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.bridge.BridgeOptions;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event-bus bridge the dashboard and other programs follow live data through, a SockJS endpoint at
 * {@code /eventbus} (a public interface: {@code docs/EVENT-BUS.md}). Only exact addresses pass: clients
 * may receive readings, sensor, camera and storage status, node presence and alerts, and may send the
 * read-only queries (latest, history, sensor list, node list, alert list); anything else is answered {@code access_denied}.
 * Refusals are logged, the first of each minute at once and the rest as one summary line; the TCP
 * bridge ({@link TcpBridge}) shares the lists and the log.
 *
 * <p>{@code GET /bridge.json} tells the pages the endpoint and the addresses, so that they name no
 * address of their own.
 */
public final class EventBusBridge {

  static final String PATH = "/eventbus";
  static final List<String> OUTBOUND =
      List.of(Addresses.SENSOR_READINGS, Addresses.SENSOR_STATUS, Addresses.CAMERA_STATUS, Addresses.NODE_PRESENCE,
          Addresses.STORAGE_STATUS, Addresses.ALERTS);
  static final List<String> INBOUND =
      List.of(Addresses.STORAGE_LATEST, Addresses.STORAGE_SENSORS, Addresses.STORAGE_HISTORY, Addresses.NODE_LIST, Addresses.ALERTS_LIST);

  private static final Logger log = LoggerFactory.getLogger(EventBusBridge.class);
  private static final long SUMMARY_WINDOW_MS = 60_000;
  private static final long REPLY_TIMEOUT_MS = 10_000;
  private static final int MAX_LOGGED_ADDRESS_LENGTH = 80;
  /** Distinct attempts kept per summary, so that a client trying endless addresses costs no memory. */
  private static final int MAX_SUMMARISED_ATTEMPTS = 50;

  private final Vertx vertx;
  private final BridgeAuthorization authorization;
  private final Map<String, Integer> refusedInWindow = new TreeMap<>();
  private long summaryTimer = -1;

  /** A bridge of a node without logins: every client is admin. */
  public EventBusBridge(Vertx vertx) {
    this(vertx, BridgeAuthorization.open());
  }

  EventBusBridge(Vertx vertx, BridgeAuthorization authorization) {
    this.vertx = vertx;
    this.authorization = authorization;
  }

  public void mount(Router root) {
    SockJSBridgeOptions options = permit(new SockJSBridgeOptions().setReplyTimeout(REPLY_TIMEOUT_MS));
    root.route(PATH + "/*").subRouter(SockJSHandler.create(vertx).bridge(options, this::inspect));
    JsonObject description = describe();
    root.get("/bridge.json").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .end(description.encode()));
  }

  /** The allow-lists every bridge of pistream uses. */
  static <T extends BridgeOptions> T permit(T options) {
    OUTBOUND.forEach(address -> options.addOutboundPermitted(new PermittedOptions().setAddress(address)));
    INBOUND.forEach(address -> options.addInboundPermitted(new PermittedOptions().setAddress(address)));
    return options;
  }

  public synchronized Future<Void> stop() {
    if (summaryTimer != -1) {
      vertx.cancelTimer(summaryTimer);
      logSummary();
    }
    return Future.succeededFuture();
  }

  static JsonObject describe() {
    return new JsonObject()
        .put("path", PATH)
        .put("sensorReadings", Addresses.SENSOR_READINGS)
        .put("sensorStatus", Addresses.SENSOR_STATUS)
        .put("cameraStatus", Addresses.CAMERA_STATUS)
        .put("storageStatus", Addresses.STORAGE_STATUS)
        .put("latestReadings", Addresses.STORAGE_LATEST)
        .put("sensors", Addresses.STORAGE_SENSORS)
        .put("history", Addresses.STORAGE_HISTORY)
        .put("nodePresence", Addresses.NODE_PRESENCE)
        .put("nodes", Addresses.NODE_LIST)
        .put("alerts", Addresses.ALERTS)
        .put("alertList", Addresses.ALERTS_LIST)
        .put("outbound", new JsonArray(OUTBOUND))
        .put("inbound", new JsonArray(INBOUND));
  }

  /** Refuses frames whose client lacks the role; lets the rest through to the allow-lists, noting what they will refuse. */
  private void inspect(BridgeEvent event) {
    String from = String.valueOf(event.socket().remoteAddress());
    event.complete(permitted(event.type(), event.getRawMessage(), event.socket(), event.socket().webUser(), from));
  }

  /** Called by both bridges for every event: the role check, then the allow-list note. */
  boolean permitted(BridgeEventType type, JsonObject frame, Object socket, User webUser, String from) {
    Optional<String> refusal = authorization.refusal(type, frame, socket, webUser);
    if (refusal.isPresent()) {
      String address = frame == null ? null : frame.getString("address");
      noteRefusal(type.name().toLowerCase(java.util.Locale.ROOT) + " " + (address == null ? "" : printable(address))
          + " (" + refusal.get() + ")", from);
      return false;
    }
    note(type, frame, from);
    return true;
  }

  /** Logs the event if the allow-lists refuse it; called by both bridges. */
  void note(BridgeEventType type, JsonObject message, String from) {
    String address = message == null ? null : message.getString("address");
    if (address != null) {
      boolean refused = switch (type) {
        case SEND, PUBLISH -> !INBOUND.contains(address);
        case REGISTER -> !OUTBOUND.contains(address);
        default -> false;
      };
      if (refused) {
        noteRefusal(type.name().toLowerCase(java.util.Locale.ROOT) + " " + printable(address), from);
      }
    }
  }

  private synchronized void noteRefusal(String attempt, String from) {
    if (summaryTimer == -1) {
      log.warn("event-bus bridge refused {} from {} (further refusals within {} s are summarised)",
          attempt, from, SUMMARY_WINDOW_MS / 1000);
      summaryTimer = vertx.setTimer(SUMMARY_WINDOW_MS, id -> {
        synchronized (this) {
          logSummary();
        }
      });
    } else if (refusedInWindow.size() < MAX_SUMMARISED_ATTEMPTS || refusedInWindow.containsKey(attempt)) {
      refusedInWindow.merge(attempt, 1, Integer::sum);
    } else {
      refusedInWindow.merge("(other addresses)", 1, Integer::sum);
    }
  }

  private void logSummary() {
    summaryTimer = -1;
    if (!refusedInWindow.isEmpty()) {
      int total = refusedInWindow.values().stream().mapToInt(Integer::intValue).sum();
      log.warn("event-bus bridge refused {} more attempts: {}", total, refusedInWindow);
      refusedInWindow.clear();
    }
  }

  /** Addresses come from browsers: keep log lines short and free of control characters. */
  private static String printable(String address) {
    String cleaned = address.replaceAll("\\p{Cntrl}", "?");
    return cleaned.length() > MAX_LOGGED_ADDRESS_LENGTH ? cleaned.substring(0, MAX_LOGGED_ADDRESS_LENGTH) + "..." : cleaned;
  }
}
