package io.pistream.web;

import static io.pistream.web.GuardedWebNode.assertJsonError;
import static io.pistream.web.GuardedWebNode.config;
import static io.pistream.web.GuardedWebNode.deploy;
import static io.pistream.web.GuardedWebNode.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.PasswordHashes;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Other sites, rebinding pages and reverse proxies at the door: Origin checks, Host checks, CORS, X-Forwarded-*. */
@ExtendWith(VertxExtension.class)
class CrossSiteAndProxyTest {

  private static final String TOKEN = PasswordHashes.newToken();
  private static JsonObject auth;

  @BeforeAll
  static void accounts() {
    auth = new JsonObject()
        .put("users", new JsonArray()
            .add(new JsonObject().put("name", "alice").put("passwordHash", PasswordHashes.hashPassword("alice-pw".toCharArray())).put("role", "admin")))
        .put("tokens", new JsonArray()
            .add(new JsonObject().put("name", "script").put("tokenHash", PasswordHashes.hashToken(TOKEN)).put("role", "admin")));
  }

  @Test
  void aChangeSentFromAnotherSiteIsRefusedEvenWithValidCredentials(Vertx vertx) {
    WebVerticle web = deploy(vertx, config(auth));
    WebClient client = WebClient.create(vertx);
    String profile = "/api/cameras/cam0/profile";
    assertJsonError(send(client.post(web.actualPort(), "127.0.0.1", profile).basicAuthentication("alice", "alice-pw")
        .putHeader("Origin", "http://evil.example")), 403, "cross_site_request");
    assertJsonError(send(client.post(web.actualPort(), "127.0.0.1", profile).bearerTokenAuthentication(TOKEN)
        .putHeader("Sec-Fetch-Site", "cross-site")), 403, "cross_site_request");
    assertJsonError(send(client.post(web.actualPort(), "127.0.0.1", "/logout").putHeader("Origin", "null")), 403, "cross_site_request");
    // The same change from this server's own page, and from a program that sends no Origin, reaches the route
    // (which knows no camera cam0 here).
    assertJsonError(send(client.post(web.actualPort(), "127.0.0.1", profile).bearerTokenAuthentication(TOKEN)
        .putHeader("Origin", "http://127.0.0.1:" + web.actualPort())), 404, "not_found");
    assertJsonError(send(client.post(web.actualPort(), "127.0.0.1", profile).bearerTokenAuthentication(TOKEN)), 404, "not_found");
    // Reads from anywhere are not refused at this door: without CORS the other site cannot read them.
    assertThat(send(client.get(web.actualPort(), "127.0.0.1", "/api/cameras").bearerTokenAuthentication(TOKEN)
        .putHeader("Origin", "http://evil.example")).statusCode()).isEqualTo(200);
  }

  @Test
  void aWebSocketHandshakeFromAnotherSiteIsRefused(Vertx vertx) {
    WebVerticle web = deploy(vertx, config(auth));
    HttpResponse<Buffer> handshake = send(WebClient.create(vertx).get(web.actualPort(), "127.0.0.1", "/eventbus/websocket")
        .bearerTokenAuthentication(TOKEN)
        .putHeader("Origin", "http://evil.example")
        .putHeader("Upgrade", "websocket").putHeader("Connection", "Upgrade")
        .putHeader("Sec-WebSocket-Version", "13").putHeader("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="));
    assertJsonError(handshake, 403, "cross_site_request");
  }

  @Test
  void anOpenNodeAnswersOnlyRequestsAddressedToALoopbackName(Vertx vertx) {
    WebVerticle web = deploy(vertx, config(new JsonObject()));
    WebClient client = WebClient.create(vertx);
    assertJsonError(send(client.get(web.actualPort(), "127.0.0.1", "/api/cameras").putHeader("Host", "rebind.evil.example")),
        403, "host_not_allowed");
    for (String host : new String[] {"127.0.0.1", "localhost", "localhost:" + web.actualPort(), "[::1]:8080"}) {
      assertThat(send(client.get(web.actualPort(), "127.0.0.1", "/api/cameras").putHeader("Host", host)).statusCode()).as(host).isEqualTo(200);
    }
    assertThat(send(client.get(web.actualPort(), "127.0.0.1", "/api/me")).bodyAsJsonObject().getString("via")).isEqualTo("open");
  }

  @Test
  void corsIsOffUnlessOriginsAreListedAndThenOnlyForThem(Vertx vertx) {
    WebClient client = WebClient.create(vertx);
    WebVerticle closed = deploy(vertx, config(auth));
    HttpResponse<Buffer> none = send(client.get(closed.actualPort(), "127.0.0.1", "/api/cameras").bearerTokenAuthentication(TOKEN)
        .putHeader("Origin", "http://homeassistant.local:8123"));
    assertThat(none.getHeader("Access-Control-Allow-Origin")).isNull();

    WebVerticle listed = deploy(vertx, config(auth).put("corsOrigins", new JsonArray().add("http://homeassistant.local:8123")));
    HttpResponse<Buffer> preflight = send(client.request(HttpMethod.OPTIONS, listed.actualPort(), "127.0.0.1", "/api/cameras")
        .putHeader("Origin", "http://homeassistant.local:8123")
        .putHeader("Access-Control-Request-Method", "GET")
        .putHeader("Access-Control-Request-Headers", "authorization"));
    assertThat(preflight.statusCode()).isBetween(200, 204);
    assertThat(preflight.getHeader("Access-Control-Allow-Origin")).isEqualTo("http://homeassistant.local:8123");
    HttpResponse<Buffer> read = send(client.get(listed.actualPort(), "127.0.0.1", "/api/cameras").bearerTokenAuthentication(TOKEN)
        .putHeader("Origin", "http://homeassistant.local:8123"));
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.getHeader("Access-Control-Allow-Origin")).isEqualTo("http://homeassistant.local:8123");
    assertThat(read.getHeader("Access-Control-Allow-Credentials")).isNull();
    HttpResponse<Buffer> other = send(client.get(listed.actualPort(), "127.0.0.1", "/api/cameras").bearerTokenAuthentication(TOKEN)
        .putHeader("Origin", "http://evil.example"));
    assertThat(other.getHeader("Access-Control-Allow-Origin")).isNull();
  }

  @Test
  void forwardedHeadersCountOnlyFromATrustedProxy(Vertx vertx) {
    WebClient client = WebClient.create(vertx);
    // Untrusted: a client that names a new address with each guess is still counted as itself.
    WebVerticle direct = deploy(vertx, config(auth));
    for (int i = 0; i <= LoginAttempts.MAX_FAILURES; i++) {
      HttpResponse<Buffer> guess = send(client.get(direct.actualPort(), "127.0.0.1", "/api/cameras")
          .basicAuthentication("mallory" + i, "guess").putHeader("X-Forwarded-For", "203.0.113." + i));
      assertThat(guess.statusCode()).as("guess %d", i).isEqualTo(i < LoginAttempts.MAX_FAILURES ? 401 : 429);
    }

    // Trusted: the proxy's clients are told apart, and a session over the proxy's HTTPS gets a Secure cookie.
    WebVerticle proxied = deploy(vertx, config(auth).put("trustedProxies", new JsonArray().add("127.0.0.0/8")));
    for (int i = 0; i <= LoginAttempts.MAX_FAILURES; i++) {
      HttpResponse<Buffer> guess = send(client.get(proxied.actualPort(), "127.0.0.1", "/api/cameras")
          .basicAuthentication("mallory" + i, "guess").putHeader("X-Forwarded-For", "198.51.100.7, 203.0.113." + i));
      assertThat(guess.statusCode()).as("a different client each time").isEqualTo(401);
    }
    HttpResponse<Buffer> loggedIn = client.post(proxied.actualPort(), "127.0.0.1", "/login")
        .putHeader("X-Forwarded-Proto", "https").putHeader("X-Forwarded-Host", "pi.example")
        .putHeader("Origin", "https://pi.example")
        .sendForm(io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("username", "alice").add("password", "alice-pw"))
        .timeout(30, TimeUnit.SECONDS).await();
    assertThat(loggedIn.statusCode()).as("the proxy's own origin is this server's").isEqualTo(302);
    assertThat(loggedIn.cookies()).anyMatch(cookie -> cookie.startsWith(AccessControl.SESSION_COOKIE) && cookie.contains("Secure"));
  }
}
