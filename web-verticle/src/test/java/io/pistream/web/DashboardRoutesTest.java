package io.pistream.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The pages, our scripts and the third-party assets all come out of the jar, under stable URLs. */
@ExtendWith(VertxExtension.class)
class DashboardRoutesTest {

  private static final Pattern MODULE_SCRIPT = Pattern.compile("<script type=\"module\" src=\"([^\"]+)\"");
  private static final Pattern IMPORT = Pattern.compile("^import\\s(?:[^;']*\\sfrom\\s)?'([^']+)';", Pattern.MULTILINE);
  private static final Pattern SCRIPT_TAG = Pattern.compile("<script([^>]*)>");

  private HttpServer server;
  private WebClient client;

  @BeforeEach
  void serve(Vertx vertx) {
    Router router = Router.router(vertx);
    router.get("/api/ping").handler(ctx -> ctx.response().end("pong"));
    DashboardRoutes dashboard = new DashboardRoutes(vertx);
    dashboard.start().await();
    dashboard.mount(router);
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.actualPort())
        .setFollowRedirects(false));
  }

  @AfterEach
  void close() {
    client.close();
    server.close().await();
  }

  @Test
  void liveAndHistoryPagesAreServed() {
    HttpResponse<Buffer> live = get("/");
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(live.getHeader("Content-Type")).startsWith("text/html");
    assertThat(live.bodyAsString()).contains("<title>pistream · live</title>", "/js/live.js");

    HttpResponse<Buffer> history = get("/history");
    assertThat(history.statusCode()).isEqualTo(200);
    assertThat(history.bodyAsString()).contains("<title>pistream · history</title>", "/js/history.js");
  }

  @Test
  void eachPageIsServedAtBothItsPathsAndAskedAgainOnEveryLoad() {
    for (List<String> paths : List.of(List.of("/", "/index.html"), List.of("/history", "/history.html"))) {
      HttpResponse<Buffer> page = get(paths.get(0));
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.getHeader("Content-Type")).isEqualTo("text/html;charset=UTF-8");
      assertThat(page.getHeader("Cache-Control")).as("never shown from the cache unchecked").isEqualTo("private, no-cache");
      assertThat(page.getHeader("Last-Modified")).isNotBlank();
      assertThat(get(paths.get(1)).bodyAsString()).as(paths.get(1)).isEqualTo(page.bodyAsString());

      HttpResponse<Buffer> again = client.get(paths.get(0)).putHeader("If-Modified-Since", page.getHeader("Last-Modified")).send().await();
      assertThat(again.statusCode()).as("unchanged since").isEqualTo(304);
      HttpResponse<Buffer> head = client.head(paths.get(0)).send().await();
      assertThat(head.statusCode()).isEqualTo(200);
      assertThat(head.getHeader("Content-Type")).startsWith("text/html");
    }
  }

  @Test
  void bothPagesShareTheHeadAndTheHeaderEachMarkingItselfCurrent() {
    String live = get("/").bodyAsString();
    String history = get("/history").bodyAsString();

    assertThat(between(live, "<head>", "</head>").replace("· live", "· history")).isEqualTo(between(history, "<head>", "</head>"));
    assertThat(between(live, "<nav", "</nav>")).contains("<a href=\"/\" aria-current=\"page\">Live</a>", "<a href=\"/history\">History</a>");
    assertThat(between(history, "<nav", "</nav>")).contains("<a href=\"/\">Live</a>", "<a href=\"/history\" aria-current=\"page\">History</a>");
    for (String page : List.of(live, history)) {
      assertThat(between(page, "<header", "</header>")).contains("data-unit=\"C\"", "data-unit=\"F\"").doesNotContain("{{");
    }
    assertThat(between(live, "<header", "</header>")).as("the live page follows the bus").contains("id=\"connection\"");
    assertThat(between(history, "<header", "</header>")).doesNotContain("id=\"connection\"");
  }

  @Test
  void everyModuleThePagesImportIsServedAsJavaScript() {
    Set<String> served = new TreeSet<>();
    Deque<URI> toFetch = new ArrayDeque<>();
    for (String page : List.of("/", "/history")) {
      URI pageUri = URI.create(page);
      matches(MODULE_SCRIPT, get(page).bodyAsString()).forEach(src -> toFetch.add(pageUri.resolve(src)));
    }
    while (!toFetch.isEmpty()) {
      URI module = toFetch.removeFirst();
      if (!served.add(module.getPath())) {
        continue;
      }
      HttpResponse<Buffer> script = get(module.getPath());
      assertThat(script.statusCode()).as(module.getPath()).isEqualTo(200);
      assertThat(script.getHeader("Content-Type")).as(module.getPath()).contains("javascript");
      matches(IMPORT, script.bodyAsString()).forEach(imported -> toFetch.add(module.resolve(imported)));
    }
    assertThat(served).as("found through the imports").contains("/js/live.js", "/js/history.js", "/js/charts.js", "/js/units.js", "/webjars/uplot/dist/uPlot.esm.js");
  }

  @Test
  void pagesHoldNoInlineScript() {
    for (String page : List.of("/", "/history")) {
      String html = get(page).bodyAsString();
      assertThat(matches(SCRIPT_TAG, html)).as(page + ": every script has a src").allMatch(attributes -> attributes.contains(" src=\""));
      assertThat(html).as(page).doesNotContainPattern("<script[^>]*>[^<]+</script>");
      assertThat(html).as(page + ": no inline event handler").doesNotContainPattern("<[^>]+\\son[a-z]+=");
    }
  }

  @Test
  void stylesheetIsServed() {
    HttpResponse<Buffer> css = get("/css/dashboard.css");
    assertThat(css.statusCode()).isEqualTo(200);
    assertThat(css.getHeader("Content-Type")).startsWith("text/css");
  }

  @Test
  void eventBusClientFromNpmIsPackedIntoTheJar() {
    HttpResponse<Buffer> client = get("/vendor/vertx-eventbus.js");
    assertThat(client.statusCode()).isEqualTo(200);
    assertThat(client.bodyAsString()).contains("EventBus.prototype.registerHandler");
  }

  @Test
  void webJarsAreServedWithoutAVersionInTheUrl() {
    HttpResponse<Buffer> uplot = get("/webjars/uplot/dist/uPlot.esm.js");
    assertThat(uplot.statusCode()).isEqualTo(200);
    assertThat(uplot.getHeader("Content-Type")).contains("javascript");
    assertThat(uplot.bodyAsString()).contains("uPlot");

    assertThat(get("/webjars/uplot/dist/uPlot.min.css").statusCode()).isEqualTo(200);
    HttpResponse<Buffer> sockjs = get("/webjars/sockjs-client/dist/sockjs.min.js");
    assertThat(sockjs.statusCode()).isEqualTo(200);
    assertThat(sockjs.bodyAsString()).contains("SockJS");

    assertThat(get("/webjars/uplot/1.6.30/dist/uPlot.min.css").statusCode()).as("versioned path").isEqualTo(200);
  }

  @Test
  void faviconIsServed() {
    HttpResponse<Buffer> svg = get("/favicon.svg");
    assertThat(svg.statusCode()).isEqualTo(200);
    assertThat(svg.getHeader("Content-Type")).startsWith("image/svg+xml");
    assertThat(svg.bodyAsString()).contains("<svg");

    HttpResponse<Buffer> ico = get("/favicon.ico");
    assertThat(ico.statusCode()).isBetween(300, 399);
    assertThat(ico.getHeader("Location")).isEqualTo("/favicon.svg");
  }

  @Test
  void unknownFilesFallThroughToOtherRoutesAndThe404() {
    assertThat(get("/api/ping").bodyAsString()).isEqualTo("pong");
    assertThat(get("/no-such-page.html").statusCode()).isEqualTo(404);
    assertThat(get("/webjars/no-such-webjar/dist/x.js").statusCode()).isEqualTo(404);
    assertThat(get("/webjars/uplot/dist/no-such-file.js").statusCode()).isEqualTo(404);
    assertThat(get("/js/../../META-INF/MANIFEST.MF").statusCode()).isEqualTo(404);
    assertThat(client.post("/no-such-form").send().await().statusCode()).as("POST is not a static file's business").isEqualTo(404);
    assertThat(client.post("/index.html").send().await().statusCode()).isEqualTo(404);
  }

  private HttpResponse<Buffer> get(String path) {
    return client.get(path).send().await();
  }

  private static String between(String text, String from, String to) {
    int start = text.indexOf(from);
    int end = text.indexOf(to, start);
    assertThat(start).as(from).isNotNegative();
    assertThat(end).as(to).isNotNegative();
    return text.substring(start, end + to.length());
  }

  private static List<String> matches(Pattern pattern, String text) {
    return pattern.matcher(text).results().map(match -> match.group(1)).toList();
  }
}
