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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The pages, our scripts and the third-party assets all come out of the jar, under stable URLs. */
@ExtendWith(VertxExtension.class)
class DashboardRoutesTest {

  private HttpServer server;
  private WebClient client;

  @BeforeEach
  void serve(Vertx vertx) {
    Router router = Router.router(vertx);
    router.get("/api/ping").handler(ctx -> ctx.response().end("pong"));
    new DashboardRoutes(vertx).mount(router);
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
  void ourScriptsAndStylesAreServed() {
    for (String path : new String[] {"/js/common.js", "/js/charts.js", "/js/live.js", "/js/history.js"}) {
      HttpResponse<Buffer> script = get(path);
      assertThat(script.statusCode()).as(path).isEqualTo(200);
      assertThat(script.getHeader("Content-Type")).as(path).contains("javascript");
    }
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
    HttpResponse<Buffer> uplot = get("/webjars/uplot/dist/uPlot.iife.min.js");
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
}
