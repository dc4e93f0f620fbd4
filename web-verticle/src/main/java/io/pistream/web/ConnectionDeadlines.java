package io.pistream.web;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Closes connections that hold a slot without sending a request: a request head that does not arrive
 * within {@code headerTimeoutSeconds} of the connection opening or of the last answer (slowloris, and
 * idle keep-alive connections), or a body that is still arriving {@code bodyTimeoutSeconds} after its head.
 * A connection being answered has no deadline, so streams run as long as they flow (a viewer that stops
 * reading is the stream's stall timeout's business), and a connection upgraded to a WebSocket is no
 * longer watched (a refused upgrade is an ordinary answer, and the deadline applies again). Vert.x has
 * no such timeout of its own: its idle timeout is reset by every byte a slow client trickles in.
 * Confined to the web verticle's event loop.
 */
final class ConnectionDeadlines {

  private static final long SWEEP_MS = 1000;

  private enum Phase { AWAITING_HEAD, RECEIVING_BODY, ANSWERING, UPGRADED }

  private final Vertx vertx;
  private final long headerTimeoutMs;
  private final long bodyTimeoutMs;
  private final RequestProblems problems;
  private final LongSupplier clock;
  private final Map<HttpConnection, Tracked> connections = new HashMap<>();
  private long sweepTimer = -1;

  ConnectionDeadlines(Vertx vertx, HttpLimits limits, RequestProblems problems, LongSupplier clock) {
    this.vertx = vertx;
    this.headerTimeoutMs = limits.headerTimeoutSeconds() * 1000L;
    this.bodyTimeoutMs = limits.bodyTimeoutSeconds() * 1000L;
    this.problems = problems;
    this.clock = clock;
  }

  void start() {
    sweepTimer = vertx.setPeriodic(SWEEP_MS, id -> sweep());
  }

  void stop() {
    vertx.cancelTimer(sweepTimer);
    connections.clear();
  }

  /** The server's connection handler: called before any request of the connection. */
  void opened(HttpConnection connection) {
    connections.put(connection, new Tracked(clock.getAsLong()));
    connection.closeHandler(v -> connections.remove(connection));
  }

  /** Called with every request head, before the router sees it. */
  void arrived(HttpServerRequest request) {
    Tracked tracked = connections.get(request.connection());
    if (tracked == null) {
      return;
    }
    tracked.request = request;
    // Requests answered between two sweeps never show as ANSWERING there: each one restarts the clock.
    tracked.phase = Phase.ANSWERING;
    tracked.since = clock.getAsLong();
  }

  private void sweep() {
    long now = clock.getAsLong();
    Iterator<Map.Entry<HttpConnection, Tracked>> entries = connections.entrySet().iterator();
    while (entries.hasNext()) {
      Map.Entry<HttpConnection, Tracked> entry = entries.next();
      Tracked tracked = entry.getValue();
      Phase phase = tracked.phase();
      if (phase == Phase.UPGRADED) {
        entries.remove();
        continue;
      }
      if (phase != tracked.phase) {
        tracked.phase = phase;
        tracked.since = now;
        continue;
      }
      long waited = now - tracked.since;
      String overdue = phase == Phase.AWAITING_HEAD && waited >= headerTimeoutMs ? "no request head within " + headerTimeoutMs / 1000 + " s"
          : phase == Phase.RECEIVING_BODY && waited >= bodyTimeoutMs ? "request body not complete within " + bodyTimeoutMs / 1000 + " s"
          : null;
      if (overdue != null) {
        entries.remove();
        // An idle keep-alive connection after an answer is ordinary (browsers keep a few); only one
        // that never completed a request, or a body that stalls, is worth a line.
        if (phase != Phase.AWAITING_HEAD || tracked.request == null) {
          problems.refused("slow client", overdue + " from " + entry.getKey().remoteAddress());
        }
        entry.getKey().close();
      }
    }
  }

  private static final class Tracked {
    private HttpServerRequest request;
    private Phase phase = Phase.AWAITING_HEAD;
    private long since;

    private Tracked(long openedAt) {
      this.since = openedAt;
    }

    private Phase phase() {
      if (request == null) {
        return Phase.AWAITING_HEAD;
      }
      if (request.response().ended()) {
        return request.response().getStatusCode() == 101 ? Phase.UPGRADED : Phase.AWAITING_HEAD;
      }
      return request.isEnded() ? Phase.ANSWERING : Phase.RECEIVING_BODY;
    }
  }
}
