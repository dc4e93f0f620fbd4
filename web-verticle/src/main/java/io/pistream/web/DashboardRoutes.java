package io.pistream.web;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webjars.WebJarVersionLocator;

/**
 * Serves the dashboard: our own pages ({@link DashboardPages}, assembled at {@link #start()}), styles
 * and scripts from {@code webroot/} on the classpath, and the third-party assets packed as WebJars
 * under {@code /webjars/<name>/<path>}, without a version in the URL, so that upgrading a WebJar
 * changes no page. Everything comes from the jar: the dashboard works on a Pi without internet.
 *
 * <p>Mount it after the API and stream routes: its static handler answers any GET path that names a
 * file under {@code webroot/} and passes every other request on.
 */
public final class DashboardRoutes {

  private static final Logger log = LoggerFactory.getLogger(DashboardRoutes.class);
  private static final String WEBJARS_ROOT = "META-INF/resources/webjars";
  private static final String WEBJARS_PREFIX = "/webjars/";
  /** The WebJars the pages load; their versions are looked up once, from the jars on the classpath. */
  private static final List<String> WEBJARS = List.of("uplot", "sockjs-client");
  private static final int WEBJAR_MAX_AGE_SECONDS = 24 * 3600;
  private static final int ASSET_MAX_AGE_SECONDS = 60;

  private final Vertx vertx;
  private Future<Map<String, String>> webJarVersions;
  private DashboardPages pages;

  public DashboardRoutes(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Assembles the pages; completes when they can be served. */
  public Future<Void> start() {
    // Set in the chain itself, not by a side listener: whoever composes on this future mounts next.
    return DashboardPages.load(vertx).map(assembled -> {
      pages = assembled;
      return null;
    });
  }

  public void mount(Router root) {
    if (pages == null) {
      throw new IllegalStateException("start the dashboard routes before mounting them");
    }
    pages.byPath().forEach((path, html) -> root.route(path).method(HttpMethod.GET).method(HttpMethod.HEAD)
        .handler(ctx -> servePage(ctx, html)));
    root.get("/favicon.ico").handler(ctx -> ctx.redirect("/favicon.svg"));
    // No method restriction: the static handler passes anything but GET and HEAD on, so another method
    // on an unknown path still ends in 404, not in a 405 from these catch-all routes.
    root.route(WEBJARS_PREFIX + "*")
        .handler(this::addWebJarVersion)
        .handler(StaticHandler.create(WEBJARS_ROOT).setMaxAgeSeconds(WEBJAR_MAX_AGE_SECONDS));
    // Not under /api/: there a wrong method must stay a 405 from the API's own routes.
    root.routeWithRegex("/(?!api/).*")
        .handler(StaticHandler.create("webroot").setMaxAgeSeconds(ASSET_MAX_AGE_SECONDS));
  }

  /**
   * Asked again on every load (a 304 while unchanged): a page taken from the cache would skip the login
   * check, and after a log-out show an empty page instead of the login page.
   */
  private void servePage(RoutingContext ctx, Buffer html) {
    ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "private, no-cache");
    ctx.lastModified(pages.assembled());
    if (ctx.isFresh()) {
      ctx.response().setStatusCode(304).end();
      return;
    }
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/html;charset=UTF-8").end(html);
  }

  /** Rewrites {@code /webjars/uplot/dist/x.js} to {@code /webjars/uplot/1.6.30/dist/x.js}. */
  private void addWebJarVersion(RoutingContext ctx) {
    if (ctx.request().method() != HttpMethod.GET && ctx.request().method() != HttpMethod.HEAD) {
      ctx.next();
      return;
    }
    String rest = ctx.normalizedPath().substring(WEBJARS_PREFIX.length());
    int slash = rest.indexOf('/');
    if (slash <= 0) {
      ctx.next();
      return;
    }
    String name = rest.substring(0, slash);
    String file = rest.substring(slash + 1);
    webJarVersions().onComplete(lookup -> {
      String version = lookup.succeeded() ? lookup.result().get(name) : null;
      if (version == null || file.startsWith(version + "/")) {
        ctx.next();
      } else {
        ctx.reroute(WEBJARS_PREFIX + name + "/" + version + "/" + file);
      }
    });
  }

  private synchronized Future<Map<String, String>> webJarVersions() {
    if (webJarVersions == null) {
      // The locator reads pom.properties out of the jars: file I/O, kept off the event loop.
      webJarVersions = vertx.executeBlocking(() -> {
        WebJarVersionLocator locator = new WebJarVersionLocator();
        Map<String, String> versions = new HashMap<>();
        for (String name : WEBJARS) {
          String version = locator.version(name);
          if (version == null) {
            log.error("WebJar {} is not on the classpath; the dashboard cannot load it", name);
          } else {
            versions.put(name, version);
          }
        }
        return Map.copyOf(versions);
      });
    }
    return webJarVersions;
  }
}
