package io.pistream.launcher;

import io.pistream.contracts.ConfigException;
import io.pistream.contracts.NodeIdentity;
import io.pistream.ops.NodeChecks;
import io.pistream.ops.OpsRoutes;
import io.pistream.ops.TokenAccess;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /health}, {@code /ready} and {@code /metrics} on {@code http.host}:{@code http.port} for a node
 * without the web role (a sensor or storage Pi in a cluster), so every node can be probed and scraped.
 * The component detail and {@code /metrics} need one of {@code http.auth.tokens}; nothing else is served.
 * Its config is the {@code http} section plus the node's identity and roles.
 */
public class OpsHttpVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(OpsHttpVerticle.class);

  private NodeChecks checks;
  private HttpServer server;

  /** The port the server listens on; the system's pick when the config says 0. */
  int actualPort() {
    return server.actualPort();
  }

  @Override
  public Future<?> start() {
    TokenAccess access;
    String host = config().getString("host", "127.0.0.1");
    int port = config().getInteger("port", 8080);
    try {
      access = TokenAccess.from(config());
      JsonArray roles = config().getJsonObject(NodeIdentity.KEY, new JsonObject()).getJsonArray("roles", new JsonArray());
      checks = new NodeChecks(vertx, NodeIdentity.of(config()).id(), roles.contains(NodeRole.STORAGE.wire()));
    } catch (IllegalArgumentException | ClassCastException e) {
      return Future.failedFuture(new ConfigException(e.getMessage()));
    }
    OpsRoutes routes = new OpsRoutes(checks);
    Router router = Router.router(vertx);
    routes.mountHealth(router, access::authorized);
    router.get(OpsRoutes.METRICS).handler(ctx -> {
      if (access.authorized(ctx)) {
        ctx.next();
      } else {
        refuse(ctx);
      }
    }).handler(routes.metrics());
    router.route().handler(ctx -> error(ctx, 404, "not_found", "a node without the web role serves only /health, /ready and /metrics"));
    return checks.start(true)
        .compose(v -> vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port).setHttp2ClearTextEnabled(false))
            .requestHandler(router)
            .listen())
        .onSuccess(listening -> {
          server = listening;
          checks.httpListening(true);
          log.info("health, readiness and metrics on http://{}:{}/ (no web role on this node)", host, listening.actualPort());
          if (!access.open() && config().getJsonObject("auth", new JsonObject()).getJsonArray("tokens", new JsonArray()).isEmpty()) {
            log.info("no http.auth.tokens: /metrics and the health detail are refused on this node");
          }
        });
  }

  @Override
  public Future<?> stop() {
    if (checks != null) {
      checks.httpListening(false);
    }
    Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
    return Future.join(closed, checks == null ? Future.succeededFuture() : checks.stop());
  }

  private static void refuse(RoutingContext ctx) {
    ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"pistream\"");
    error(ctx, 401, "unauthorized", "this needs 'Authorization: Bearer <token>' with one of http.auth.tokens");
  }

  private static void error(RoutingContext ctx, int status, String error, String detail) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .end(new JsonObject().put("error", error).put("detail", detail).encode());
  }
}
