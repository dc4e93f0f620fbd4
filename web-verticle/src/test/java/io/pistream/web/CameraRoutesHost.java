package io.pistream.web;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/** Serves {@link CameraRoutes} alone on 127.0.0.1 and a free port, the way the web verticle hosts them. */
final class CameraRoutesHost extends VerticleBase {

  private final JsonObject streamConfig;
  private final String nodeId;
  private CameraRoutes routes;
  private HttpServer server;

  CameraRoutesHost(JsonObject streamConfig, String nodeId) {
    this.streamConfig = streamConfig;
    this.nodeId = nodeId;
  }

  @Override
  public Future<?> start() {
    routes = new CameraRoutes(vertx, nodeId, CameraStreamSettings.from(streamConfig), new NodeDirectory(), AccessControl.open(vertx),
        new RequestProblems());
    Router router = Router.router(vertx);
    return routes.start()
        .compose(v -> {
          routes.mount(router);
          return vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1");
        })
        .onSuccess(s -> server = s);
  }

  @Override
  public Future<?> stop() {
    return routes.stop().compose(v -> server == null ? Future.succeededFuture() : server.close());
  }

  int port() {
    return server.actualPort();
  }
}
