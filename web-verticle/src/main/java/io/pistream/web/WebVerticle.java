package io.pistream.web;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.pistream.contracts.Addresses;
import io.pistream.contracts.ConfigException;
import io.pistream.contracts.NodeIdentity;
import io.pistream.contracts.SensorStatus;
import io.pistream.ops.NodeChecks;
import io.pistream.ops.OpsRoutes;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: the readings API under {@code /api}, the camera streams, the event-bus bridge and
 * the dashboard, plus whatever other parts mount with {@link #mount}. Its config is the {@code http}
 * section ({@link WebSettings}) plus the node's identity.
 */
public class WebVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(WebVerticle.class);
  private static final long PROBLEM_SUMMARY_SECONDS = 60;

  private final SensorDirectory directory = new SensorDirectory();
  private final NodeDirectory nodes = new NodeDirectory();
  private final List<Consumer<Router>> mounted = new ArrayList<>();
  private final RequestProblems problems = new RequestProblems();
  private final MalformedRequests malformed = new MalformedRequests(problems);
  private LongSupplier clock = System::currentTimeMillis;
  private MessageConsumer<JsonObject> statusConsumer;
  private SecurityHeaders securityHeaders;
  private TrustedProxies trustedProxies;
  private OriginCheck originCheck;
  private CrossOriginReads crossOriginReads;
  private AccessControl access;
  private CameraRoutes cameraRoutes;
  private CameraHistoryRoutes cameraHistory;
  private EventBusBridge bridge;
  private NodesApi nodesApi;
  private StorageStatusApi storageStatus;
  private BackupApi backupApi;
  private TcpBridge tcpBridge;
  private DashboardRoutes dashboard;
  private ConnectionDeadlines deadlines;
  private NodeChecks checks;
  private long problemSummaryTimer = -1;
  private HttpServer server;
  private Router router;

  /**
   * Adds routes of another part to the server, after the API, stream and bridge routes and before the
   * dashboard's catch-all; unmatched paths still get the JSON 404. Call it before the verticle starts.
   */
  public WebVerticle mount(Consumer<Router> routes) {
    mounted.add(routes);
    return this;
  }

  /** The clock logins and their timeouts are measured by; tests set their own before start. */
  WebVerticle clock(LongSupplier clock) {
    this.clock = clock;
    return this;
  }

  /** The port the server listens on; the one picked by the system when the config says 0. */
  public int actualPort() {
    if (server == null) {
      throw new IllegalStateException("the web verticle has not started");
    }
    return server.actualPort();
  }

  @Override
  public Future<?> start() {
    WebSettings settings;
    String nodeId;
    try {
      settings = WebSettings.from(config());
      settings.auth().requireSafe(settings.host(), settings.tcpBridge());
      nodeId = NodeIdentity.of(config()).id();
      ConnectionCloser.checkSupported();
      NettyBuffers.checkSupported();
    } catch (ConfigException | IllegalStateException e) {
      return Future.failedFuture(e);
    }
    securityHeaders = new SecurityHeaders(settings.frameAncestors());
    trustedProxies = settings.trustedProxies();
    originCheck = new OriginCheck(settings.auth().guarded(), settings.host());
    crossOriginReads = new CrossOriginReads(settings.corsOrigins());
    access = new AccessControl(vertx, settings.auth(), clock);
    cameraRoutes = new CameraRoutes(vertx, nodeId, settings.stream(), nodes, access, problems);
    cameraHistory = new CameraHistoryRoutes(vertx, cameraRoutes::find, settings.timeZone(), settings.requestTimeoutMs(), problems,
        Clock.systemUTC());
    bridge = new EventBusBridge(vertx, new BridgeAuthorization(settings.auth()));
    nodesApi = new NodesApi(vertx, nodes);
    storageStatus = new StorageStatusApi(vertx, nodes);
    backupApi = new BackupApi(vertx, nodeId, access, settings.timeZone());
    tcpBridge = new TcpBridge(vertx, settings.tcpBridge(), bridge);
    dashboard = new DashboardRoutes(vertx);
    deadlines = new ConnectionDeadlines(vertx, settings.limits(), problems, System::currentTimeMillis);
    checks = new NodeChecks(vertx, nodeId, config().getJsonObject(NodeIdentity.KEY, new JsonObject())
        .getJsonArray("roles", new JsonArray()).contains("storage"));
    statusConsumer = vertx.eventBus().consumer(Addresses.SENSOR_STATUS, message -> heard(message.body()));
    // The checks listen first: the status refreshes asked for below reach them too.
    return checks.start(false)
        .compose(checksListening -> statusConsumer.completion())
        .onSuccess(registered -> vertx.eventBus().publish(Addresses.SENSOR_STATUS_REFRESH, new JsonObject()))
        .compose(registered -> access.start())
        .compose(accessReady -> cameraRoutes.start())
        .compose(camerasReady -> nodesApi.start())
        .compose(nodesReady -> storageStatus.start())
        .compose(nodesReady -> tcpBridge.start())
        .compose(tcpBridgeReady -> dashboard.start())
        .map(dashboardReady -> buildRouter(new ReadingsApi(vertx, directory, nodes, settings, Clock.systemUTC())))
        .compose(router -> vertx.createHttpServer(serverOptions(settings))
            .connectionHandler(deadlines::opened)
            .invalidRequestHandler(malformed::invalidRequest)
            .requestHandler(request -> {
              deadlines.arrived(request);
              router.handle(request);
            })
            .listen()
            .recover(failure -> Future.failedFuture(settings.tls().enabled()
                ? new ConfigException("http.tls: cannot serve HTTPS with certFile " + settings.tls().certFile() + " and keyFile "
                    + settings.tls().keyFile() + ": " + failure.getMessage())
                : failure)))
        .onSuccess(listening -> {
          server = listening;
          checks.httpListening(true);
          deadlines.start();
          problemSummaryTimer = vertx.setPeriodic(PROBLEM_SUMMARY_SECONDS * 1000, id -> problems.summarise(PROBLEM_SUMMARY_SECONDS));
          log.info("dashboard and API on {}://{}:{}/", settings.tls().enabled() ? "https" : "http", settings.host(),
              listening.actualPort());
          if (!access.guarded()) {
            log.info("no users or tokens in http.auth: every request is admin, so this node listens on {} only", settings.host());
          }
        });
  }

  @Override
  public Future<?> stop() {
    Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
    Future<Void> unregistered = statusConsumer == null ? Future.succeededFuture() : statusConsumer.unregister();
    Future<Void> viewersGone = cameraRoutes == null ? Future.succeededFuture() : cameraRoutes.stop();
    Future<Void> bridgeSummarised = bridge == null ? Future.succeededFuture() : bridge.stop();
    Future<Void> nodesUnregistered = nodesApi == null ? Future.succeededFuture() : nodesApi.stop();
    Future<Void> storageUnregistered = storageStatus == null ? Future.succeededFuture() : storageStatus.stop();
    Future<Void> tcpBridgeClosed = tcpBridge == null ? Future.succeededFuture() : tcpBridge.stop();
    Future<Void> checksStopped = Future.succeededFuture();
    if (checks != null) {
      checks.httpListening(false);
      checksStopped = checks.stop();
    }
    if (access != null) {
      access.stop();
    }
    if (deadlines != null) {
      deadlines.stop();
    }
    vertx.cancelTimer(problemSummaryTimer);
    return Future.join(List.of(closed, unregistered, viewersGone, bridgeSummarised, nodesUnregistered, storageUnregistered,
        tcpBridgeClosed, checksStopped));
  }

  /**
   * HTTP/1.1 only: Vert.x accepts h2c by default (and HTTP/2 over TLS with ALPN), and closing a stalled
   * viewer's connection (the one way to drop what is queued for it) would close every stream multiplexed
   * on it.
   */
  static HttpServerOptions serverOptions(WebSettings settings) {
    HttpServerOptions options = new HttpServerOptions()
        .setHost(settings.host())
        .setPort(settings.port())
        .setHttp2ClearTextEnabled(false)
        .setMaxInitialLineLength(settings.limits().maxRequestLineBytes())
        .setMaxHeaderSize(settings.limits().maxHeaderBytes());
    if (settings.tls().enabled()) {
      options.setSsl(true)
          .setUseAlpn(false)
          .setKeyCertOptions(new PemKeyCertOptions().setCertPath(settings.tls().certFile()).setKeyPath(settings.tls().keyFile()));
    }
    return options;
  }

  /** The router serving requests, for tests that walk every route. */
  Router router() {
    if (router == null) {
      throw new IllegalStateException("the web verticle has not started");
    }
    return router;
  }

  /** The whole HTTP surface, in the order requests meet it. */
  Router buildRouter(ReadingsApi readingsApi) {
    Router root = Router.router(vertx);
    router = root;
    // Every answer gets the headers; the real client is known; forged and then unauthenticated requests
    // are refused, all before any route.
    securityHeaders.mount(root);
    malformed.mount(root);
    trustedProxies.mount(root);
    crossOriginReads.mount(root);
    originCheck.mount(root);
    access.mount(root);
    OpsRoutes ops = new OpsRoutes(checks);
    ops.mountHealth(root, access::loggedIn);
    root.get(OpsRoutes.METRICS).handler(access.adminOrToken()).handler(ops.metrics());

    readingsApi.mount(root);
    new QuickRangesApi().mount(root);
    nodesApi.mount(root);
    storageStatus.mount(root);
    backupApi.mount(root);
    new AlertsApi(vertx).mount(root);
    cameraRoutes.mount(root);
    cameraHistory.mount(root);
    bridge.mount(root);
    mounted.forEach(routes -> routes.accept(root));
    // Last: its static handler answers any GET naming a file of the pages.
    dashboard.mount(root);

    root.route().failureHandler(this::answerFailure);
    // Failures no route's failure handler saw (route matching itself threw) get the same JSON answers.
    for (int status = 400; status < 600; status++) {
      root.errorHandler(status, this::answerFailure);
    }
    root.errorHandler(404, ctx -> HttpErrors.send(ctx, 404, "not_found",
        "nothing at " + ctx.request().method() + " " + ctx.request().path()));
    root.errorHandler(405, ctx -> HttpErrors.send(ctx, 405, "method_not_allowed",
        ctx.request().method() + " is not accepted at " + ctx.request().path()));
    return root;
  }

  private void heard(JsonObject body) {
    try {
      directory.update(SensorStatus.fromJson(body), System.currentTimeMillis());
    } catch (RuntimeException e) {
      log.warn("Ignored a malformed sensor status {}: {}", body, e.getMessage());
    }
  }

  /** A client error raised by a handler keeps its status; anything else is our fault: logged, JSON 500. */
  private void answerFailure(RoutingContext ctx) {
    int status = ctx.statusCode();
    Throwable failure = ctx.failure();
    if (status >= 400 && status < 500) {
      String reason = HttpResponseStatus.valueOf(status).reasonPhrase().toLowerCase(Locale.ROOT).replace(' ', '_');
      String detail = failure != null && failure.getMessage() != null ? failure.getMessage() : reason.replace('_', ' ');
      HttpErrors.send(ctx, status, reason, detail);
      return;
    }
    if (failure instanceof HttpClosedException || ctx.response().closed()) {
      // The client went away (or was dropped as a slow one) mid-request: nobody to answer, not our fault.
      return;
    }
    problems.failed(ctx.request().method() + " " + ctx.request().path(), failure != null ? failure : new IllegalStateException("status " + status));
    HttpErrors.send(ctx, 500, "internal", "unexpected error while answering; the server log has the cause");
  }
}
