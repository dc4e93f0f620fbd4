package io.pistream.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.util.function.Predicate;

/**
 * {@code GET /health} (liveness), {@code GET /ready} (readiness) and the Prometheus handler for
 * {@code GET /metrics}, the same on the web server and on the ops server of a node without the web role.
 * Who sees what is the caller's: {@code detail} says whether a request has a login or a token; the caller
 * guards {@code /metrics} before {@link #metrics()}.
 *
 * <p>{@code /health} is UP (200) whenever the node runs its procedures at all; {@code /ready} is DOWN (503)
 * when storage cannot write, HTTP does not listen or a configured cluster is not joined, DEGRADED (200) when
 * only sensors or cameras fail, UP (200) otherwise. Without detail both answer only {@code {"status": ...}}.
 */
public final class OpsRoutes {

  public static final String HEALTH = "/health";
  public static final String READY = "/ready";
  public static final String METRICS = "/metrics";
  public static final String UP = "UP";
  public static final String DOWN = "DOWN";
  public static final String DEGRADED = "DEGRADED";

  private final NodeChecks checks;

  public OpsRoutes(NodeChecks checks) {
    this.checks = checks;
  }

  /** Mounts {@code /health} and {@code /ready}; {@code detail} decides per request whether the components show. */
  public void mountHealth(Router router, Predicate<RoutingContext> detail) {
    router.get(HEALTH).handler(ctx -> answer(ctx, detail.test(ctx), false));
    router.get(READY).handler(ctx -> answer(ctx, detail.test(ctx), true));
  }

  /** The Prometheus text of this process's registry; 503 when the node runs without metrics. */
  public Handler<RoutingContext> metrics() {
    MeterRegistry registry = OpsMeters.registry();
    if (registry instanceof PrometheusMeterRegistry prometheus) {
      return PrometheusScrapingHandler.create(prometheus);
    }
    return ctx -> send(ctx, 503, new JsonObject().put("error", "unavailable").put("detail", "this node runs without metrics"));
  }

  private void answer(RoutingContext ctx, boolean detail, boolean readiness) {
    checks.run().onComplete(result -> {
      if (result.failed()) {
        send(ctx, 503, new JsonObject().put("status", DOWN));
        return;
      }
      CheckResult outcome = result.result();
      String status = readiness ? readiness(outcome) : UP;
      JsonObject body = new JsonObject().put("status", status);
      if (detail) {
        body.put("node", checks.nodeId()).put("checks", components(outcome));
      }
      send(ctx, DOWN.equals(status) ? 503 : 200, body);
    });
  }

  /** DOWN when a critical component is down, DEGRADED when another one is, UP otherwise. */
  static String readiness(CheckResult outcome) {
    boolean degraded = false;
    for (CheckResult component : outcome.getChecks() == null ? java.util.List.<CheckResult>of() : outcome.getChecks()) {
      if (!CheckResult.isUp(component)) {
        if (NodeChecks.CRITICAL.contains(component.getId())) {
          return DOWN;
        }
        degraded = true;
      }
    }
    return degraded ? DEGRADED : UP;
  }

  private static JsonArray components(CheckResult outcome) {
    JsonObject json = outcome.toJson();
    return json.getJsonArray("checks", new JsonArray());
  }

  private static void send(RoutingContext ctx, int code, JsonObject body) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response()
        .setStatusCode(code)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .end(body.encode());
  }
}
