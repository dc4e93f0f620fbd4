package io.pistream.bench;

import io.pistream.web.CameraRoutes;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server side of the stream benchmark: the web node's {@link CameraRoutes} on 127.0.0.1, fed by
 * synthetic cameras on the bus (1080p ~250 KB and 480p ~60 KB at 24 fps, caps raised, plus a 1080p
 * camera capped at 5 viewers). Args: port, maxConnections. Logs "stream bench server ready" when serving.
 */
public final class StreamBenchServer extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(StreamBenchServer.class);
  static final String NODE = "bench";

  private final int port;
  private final int maxConnections;
  private CameraRoutes routes;
  private HttpServer server;

  StreamBenchServer(int port, int maxConnections) {
    this.port = port;
    this.maxConnections = maxConnections;
  }

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    int maxConnections = Integer.parseInt(args[1]);
    Vertx vertx = Vertx.vertx();
    StreamBenchCamera full = new StreamBenchCamera(NODE, "cam1080", 1920, 1080, 250_000, 24, 2000);
    StreamBenchCamera small = new StreamBenchCamera(NODE, "cam480", 854, 480, 60_000, 24, 2000);
    StreamBenchCamera capped = new StreamBenchCamera(NODE, "capped", 1920, 1080, 250_000, 24, 5);
    vertx.deployVerticle(full)
        .compose(id -> vertx.deployVerticle(small))
        .compose(id -> vertx.deployVerticle(capped))
        .compose(id -> vertx.deployVerticle(new StreamBenchServer(port, maxConnections)))
        .onSuccess(id -> log.info("stream bench server ready on port {}: cam1080 {} B, cam480 {} B per JPEG",
            port, full.averageJpegBytes(), small.averageJpegBytes()))
        .onFailure(e -> {
          log.error("stream bench server did not start", e);
          vertx.close();
        });
  }

  @Override
  public Future<?> start() {
    routes = new CameraRoutes(vertx, new JsonObject().put("maxConnections", maxConnections), NODE);
    Router router = Router.router(vertx);
    return routes.start()
        .compose(v -> {
          routes.mount(router);
          return vertx.createHttpServer().requestHandler(router).listen(port, "127.0.0.1");
        })
        .onSuccess(s -> server = s);
  }

  @Override
  public Future<?> stop() {
    return routes.stop().compose(v -> server.close());
  }
}
