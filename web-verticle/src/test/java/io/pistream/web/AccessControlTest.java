package io.pistream.web;

import static io.pistream.web.GuardedWebNode.assertJsonError;
import static io.pistream.web.GuardedWebNode.config;
import static io.pistream.web.GuardedWebNode.deploy;
import static io.pistream.web.GuardedWebNode.send;
import static io.pistream.web.GuardedWebNode.startFailure;
import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.ConfigException;
import io.pistream.contracts.PasswordHashes;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Users, tokens and roles at the HTTP door, against a whole web verticle. */
@ExtendWith(VertxExtension.class)
class AccessControlTest {

  private static final String TOKEN = PasswordHashes.newToken();
  private static JsonObject auth;

  @BeforeAll
  static void accounts() {
    auth = new JsonObject()
        .put("users", new JsonArray()
            .add(new JsonObject().put("name", "alice").put("passwordHash", PasswordHashes.hashPassword("alice-pw".toCharArray())).put("role", "admin"))
            .add(new JsonObject().put("name", "bob").put("passwordHash", PasswordHashes.hashPassword("bob-pw".toCharArray()))))
        .put("tokens", new JsonArray()
            .add(new JsonObject().put("name", "home-assistant").put("tokenHash", PasswordHashes.hashToken(TOKEN)).put("role", "viewer")));
  }

  @Test
  void withoutCredentialsEveryRouteButHealthIsA401WithABasicChallenge(Vertx vertx) {
    WebVerticle web = deploy(vertx, config(auth));
    WebClient client = WebClient.create(vertx);
    List<String> paths = new ArrayList<>(List.of("/", "/index.html", "/history", "/js/live.js", "/css/dashboard.css",
        "/webjars/uplot/dist/uPlot.esm.js", "/favicon.svg", "/stream/cam0.mjpg", "/stream/hub/cam0.mjpg", "/video_feed",
        "/snapshot/cam0.jpg", "/snapshot/hub/cam0.jpg", "/no/such/page"));
    // Every route the router has, so a route added later cannot stay open unnoticed.
    for (Route route : web.router().getRoutes()) {
      if (route.getPath() != null) {
        paths.add(route.getPath().replaceAll(":[a-z]+", "x"));
      }
    }
    for (String path : paths) {
      for (HttpMethod method : List.of(HttpMethod.GET, HttpMethod.POST)) {
        HttpResponse<Buffer> response = send(client.request(method, web.actualPort(), "127.0.0.1", path));
        if (AccessControl.OPEN_PATHS.contains(path)) {
          continue;
        }
        if (path.startsWith(AccessControl.FRAME_AUTHENTICATED)) {
          // The SockJS bridge lets a handshake in and wants a token in each frame: BridgeLoginTest.
          continue;
        }
        assertThat(response.statusCode()).as(method + " " + path).isEqualTo(401);
        assertThat(response.getHeader("WWW-Authenticate")).as(method + " " + path).isEqualTo("Basic realm=\"pistream\"");
        assertThat(response.bodyAsJsonObject().getString("error")).as(method + " " + path).isEqualTo("unauthorized");
      }
    }
  }

  @Test
  void everyAnswerCarriesTheSecurityHeadersErrorsIncluded(Vertx vertx) {
    WebVerticle web = deploy(vertx, config(auth).put("frameAncestors", "'self' http://homeassistant.local:8123"));
    WebClient client = WebClient.create(vertx);
    List<HttpRequest<Buffer>> requests = new ArrayList<>(List.of(
        client.get(web.actualPort(), "127.0.0.1", "/health"),
        client.get(web.actualPort(), "127.0.0.1", "/api/cameras"),
        client.get(web.actualPort(), "127.0.0.1", "/").basicAuthentication("bob", "bob-pw"),
        client.get(web.actualPort(), "127.0.0.1", "/js/live.js").basicAuthentication("bob", "bob-pw"),
        client.get(web.actualPort(), "127.0.0.1", "/api/nothing").basicAuthentication("bob", "bob-pw"),
        client.post(web.actualPort(), "127.0.0.1", "/api/cameras/cam0/profile").basicAuthentication("bob", "bob-pw")));
    for (Route route : web.router().getRoutes()) {
      if (route.getPath() != null) {
        requests.add(client.get(web.actualPort(), "127.0.0.1", route.getPath().replaceAll(":[a-z]+", "x")).bearerTokenAuthentication(TOKEN));
      }
    }
    for (HttpRequest<Buffer> request : requests) {
      HttpResponse<Buffer> response = send(request);
      String what = request.method() + " " + request.uri() + " (" + response.statusCode() + ")";
      assertThat(response.getHeader("Content-Security-Policy")).as(what)
          .contains("script-src 'self'").contains("style-src 'self'").doesNotContain("unsafe-inline")
          .endsWith("frame-ancestors 'self' http://homeassistant.local:8123");
      assertThat(response.getHeader("X-Content-Type-Options")).as(what).isEqualTo("nosniff");
      assertThat(response.getHeader("Referrer-Policy")).as(what).isEqualTo("same-origin");
      assertThat(response.getHeader("Server")).as(what).isNull();
    }
  }

  @Test
  void framingIsRefusedUnlessTheConfigNamesWhoMay(Vertx vertx) {
    WebVerticle web = deploy(vertx, config(new JsonObject()));
    HttpResponse<Buffer> page = send(WebClient.create(vertx).get(web.actualPort(), "127.0.0.1", "/"));
    assertThat(page.getHeader("Content-Security-Policy")).endsWith("frame-ancestors 'none'");
    Throwable refused = startFailure(vertx, config(new JsonObject()).put("frameAncestors", "*; script-src *"));
    assertThat(refused).isInstanceOf(ConfigException.class).hasMessageStartingWith("http.frameAncestors must be a CSP source list");
  }

  @Test
  void healthIsOpenAndSaysOnlyItsStatus(Vertx vertx) {
    WebVerticle web = deploy(vertx, config(auth));
    HttpResponse<Buffer> health = send(WebClient.create(vertx).get(web.actualPort(), "127.0.0.1", "/health"));
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.bodyAsJsonObject()).isEqualTo(new JsonObject().put("status", "UP"));
  }

  @Test
  void aUserLogsInWithBasicAndAWrongPasswordIsRefused(Vertx vertx) {
    WebVerticle web = deploy(vertx, config(auth));
    WebClient client = WebClient.create(vertx);
    HttpResponse<Buffer> ok = send(client.get(web.actualPort(), "127.0.0.1", "/api/cameras").basicAuthentication("bob", "bob-pw"));
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.bodyAsJsonObject().getJsonArray("cameras")).isEmpty();
    HttpResponse<Buffer> again = send(client.get(web.actualPort(), "127.0.0.1", "/").basicAuthentication("bob", "bob-pw"));
    assertThat(again.statusCode()).as("remembered, and the pages too").isEqualTo(200);
    HttpResponse<Buffer> bridge = send(client.get(web.actualPort(), "127.0.0.1", "/eventbus/info").basicAuthentication("bob", "bob-pw"));
    assertThat(bridge.statusCode()).as("the SockJS bridge's handshake").isEqualTo(200);
    assertThat(bridge.bodyAsJsonObject().getBoolean("websocket")).isTrue();
    assertJsonError(send(client.get(web.actualPort(), "127.0.0.1", "/api/cameras").basicAuthentication("bob", "alice-pw")), 401, "unauthorized");
    assertJsonError(send(client.get(web.actualPort(), "127.0.0.1", "/api/cameras").basicAuthentication("carol", "bob-pw")), 401, "unauthorized");
  }

  @Test
  void afterFiveWrongPasswordsEvenTheRightOneWaits(Vertx vertx) {
    WebVerticle web = deploy(vertx, config(auth));
    WebClient client = WebClient.create(vertx);
    for (int i = 0; i < LoginAttempts.MAX_FAILURES; i++) {
      assertJsonError(send(client.get(web.actualPort(), "127.0.0.1", "/api/cameras").basicAuthentication("bob", "guess-" + i)),
          401, "unauthorized");
    }
    HttpResponse<Buffer> refused = send(client.get(web.actualPort(), "127.0.0.1", "/api/cameras").basicAuthentication("bob", "bob-pw"));
    assertJsonError(refused, 429, "too_many_requests");
    assertThat(Integer.parseInt(refused.getHeader("Retry-After"))).isBetween(1, 60);
    assertThat(send(client.get(web.actualPort(), "127.0.0.1", "/health")).statusCode()).as("health stays open").isEqualTo(200);
  }

  @Test
  void aTokenWorksAsBearerAndAsTheBasicPasswordOfAnyName(Vertx vertx) {
    WebVerticle web = deploy(vertx, config(auth));
    WebClient client = WebClient.create(vertx);
    assertThat(send(client.get(web.actualPort(), "127.0.0.1", "/api/cameras").bearerTokenAuthentication(TOKEN)).statusCode()).isEqualTo(200);
    assertThat(send(client.get(web.actualPort(), "127.0.0.1", "/api/cameras").basicAuthentication("homeassistant", TOKEN)).statusCode())
        .isEqualTo(200);
    assertJsonError(send(client.get(web.actualPort(), "127.0.0.1", "/api/cameras").bearerTokenAuthentication(TOKEN + "x")), 401, "unauthorized");
  }

  @Test
  void aViewerIsForbiddenTheProfileSwitchAnAdminIsLetThrough(Vertx vertx) {
    WebVerticle web = deploy(vertx, config(auth));
    WebClient client = WebClient.create(vertx);
    JsonObject body = new JsonObject().put("profile", "low");
    assertJsonError(send(client.post(web.actualPort(), "127.0.0.1", "/api/cameras/cam0/profile").basicAuthentication("bob", "bob-pw")),
        403, "forbidden");
    assertJsonError(send(client.post(web.actualPort(), "127.0.0.1", "/api/cameras/hub/cam0/profile").bearerTokenAuthentication(TOKEN)),
        403, "forbidden");
    HttpResponse<Buffer> admin = client.post(web.actualPort(), "127.0.0.1", "/api/cameras/cam0/profile").basicAuthentication("alice", "alice-pw")
        .sendJsonObject(body).timeout(30, TimeUnit.SECONDS).await();
    // past the door: this node simply has no camera cam0
    assertJsonError(admin, 404, "not_found");
  }

  @Test
  void anonymousViewersWhenAllowedMayWatchButNotChange(Vertx vertx) {
    WebVerticle web = deploy(vertx, config(auth.copy().put("allowAnonymous", true)));
    WebClient client = WebClient.create(vertx);
    assertThat(send(client.get(web.actualPort(), "127.0.0.1", "/api/cameras")).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> change = send(client.post(web.actualPort(), "127.0.0.1", "/api/cameras/cam0/profile"));
    assertJsonError(change, 401, "unauthorized");
    assertThat(change.getHeader("WWW-Authenticate")).isEqualTo("Basic realm=\"pistream\"");
  }

  @Test
  void servingTheNetworkWithNobodyToAskRefusesToStart(Vertx vertx) {
    JsonObject open = config(new JsonObject()).put("host", "0.0.0.0");
    Throwable refused = startFailure(vertx, open);
    assertThat(refused).isInstanceOf(ConfigException.class)
        .hasMessageContaining("http.auth.users").hasMessageContaining("http.auth.allowAnonymous: true");
  }

  @Test
  void aBadAccountNamesItsSetting(Vertx vertx) {
    JsonObject bad = config(new JsonObject().put("users", new JsonArray().add(new JsonObject().put("name", "eve").put("passwordHash", "hunter2"))));
    Throwable refused = startFailure(vertx, bad);
    assertThat(refused).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("http.auth.users[0].passwordHash is not a password hash")
        .hasMessageContaining("pistream hash-password");
  }
}
