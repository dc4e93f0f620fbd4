package io.pistream.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.PasswordHashes;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A browser's way in: the login page, the session cookie, its timeouts and the log-out, spoken as a
 * browser speaks (Accept: text/html, Sec-Fetch-* headers, Origin on posts), cookies handled by hand so
 * the test sees their flags.
 */
@ExtendWith(VertxExtension.class)
class BrowserLoginTest {

  private static JsonObject auth;
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private WebVerticle web;
  private WebClient client;

  @BeforeAll
  static void accounts() {
    auth = new JsonObject()
        .put("users", new JsonArray()
            .add(new JsonObject().put("name", "bob").put("passwordHash", PasswordHashes.hashPassword("bob-pw".toCharArray()))))
        .put("sessionIdleMinutes", 30)
        .put("sessionMaxHours", 2);
  }

  @BeforeEach
  void start(Vertx vertx) {
    JsonObject config = new JsonObject()
        .put("host", "127.0.0.1")
        .put("port", 0)
        .put("requestTimeoutMs", 300)
        .put("auth", auth)
        .put("node", new JsonObject().put("id", "hub").put("name", "hub"));
    web = new WebVerticle().clock(now::get);
    vertx.deployVerticle(web, new DeploymentOptions().setConfig(config)).timeout(30, TimeUnit.SECONDS).await();
    client = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false));
  }

  private HttpRequest<Buffer> navigate(String uri) {
    return client.get(web.actualPort(), "127.0.0.1", uri)
        .putHeader("Accept", "text/html,application/xhtml+xml")
        .putHeader("Sec-Fetch-Mode", "navigate")
        .putHeader("Sec-Fetch-Site", "none");
  }

  private HttpRequest<Buffer> fetch(String uri, String cookie) {
    HttpRequest<Buffer> request = client.get(web.actualPort(), "127.0.0.1", uri)
        .putHeader("Accept", "application/json")
        .putHeader("Sec-Fetch-Mode", "cors")
        .putHeader("Sec-Fetch-Site", "same-origin");
    return cookie == null ? request : request.putHeader("Cookie", cookie);
  }

  private HttpResponse<Buffer> submit(String uri, String name, String password) {
    return client.post(web.actualPort(), "127.0.0.1", uri)
        .putHeader("Origin", "http://127.0.0.1:" + web.actualPort())
        .putHeader("Sec-Fetch-Site", "same-origin")
        .sendForm(MultiMap.caseInsensitiveMultiMap().add("username", name).add("password", password))
        .timeout(30, TimeUnit.SECONDS).await();
  }

  private static HttpResponse<Buffer> send(HttpRequest<Buffer> request) {
    return request.send().timeout(30, TimeUnit.SECONDS).await();
  }

  /** {@code pistream.session=abc} out of the Set-Cookie header, to send back. */
  private static String sessionCookie(HttpResponse<Buffer> response) {
    String header = response.cookies().stream().filter(c -> c.startsWith(AccessControl.SESSION_COOKIE + "=")).findFirst().orElse(null);
    assertThat(header).as("a session cookie in " + response.cookies()).isNotNull();
    return header.substring(0, header.indexOf(';'));
  }

  private String logIn() {
    HttpResponse<Buffer> loggedIn = submit("/login", "bob", "bob-pw");
    assertThat(loggedIn.statusCode()).isEqualTo(302);
    return sessionCookie(loggedIn);
  }

  @Test
  void aPageOpenedWithoutLoginGoesToTheLoginPageAndBackAfterIt() {
    HttpResponse<Buffer> wanted = send(navigate("/history?range=1h"));
    assertThat(wanted.statusCode()).isEqualTo(302);
    assertThat(wanted.getHeader("Location")).isEqualTo("/login?return=%2Fhistory%3Frange%3D1h");
    assertThat(wanted.cookies()).as("no session for a visitor who has not logged in").isEmpty();

    HttpResponse<Buffer> page = send(navigate(wanted.getHeader("Location")));
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.bodyAsString()).contains("<form class=\"login-form\" method=\"post\">").doesNotContain("<script").doesNotContain("style=");
    assertThat(page.getHeader("Content-Security-Policy")).contains("script-src 'self'").doesNotContain("unsafe-inline");
    assertThat(send(navigate("/css/dashboard.css")).statusCode()).as("the page's style is open").isEqualTo(200);

    HttpResponse<Buffer> loggedIn = submit(wanted.getHeader("Location"), "bob", "bob-pw");
    assertThat(loggedIn.statusCode()).isEqualTo(302);
    assertThat(loggedIn.getHeader("Location")).isEqualTo("/history?range=1h");
    String setCookie = loggedIn.cookies().stream().filter(c -> c.startsWith(AccessControl.SESSION_COOKIE)).findFirst().orElseThrow();
    assertThat(setCookie).containsIgnoringCase("HttpOnly").contains("SameSite=Lax").doesNotContainIgnoringCase("Secure");

    String cookie = sessionCookie(loggedIn);
    assertThat(send(navigate("/history?range=1h").putHeader("Cookie", cookie)).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> me = send(fetch("/api/me", cookie));
    assertThat(me.bodyAsJsonObject()).isEqualTo(new JsonObject().put("user", "bob").put("role", "viewer").put("via", "session"));
  }

  @Test
  void aWrongPasswordShowsTheFormAgainAndNoSessionIsKept() {
    HttpResponse<Buffer> refused = submit("/login?return=%2Fhistory", "bob", "wrong");
    assertThat(refused.statusCode()).isEqualTo(303);
    assertThat(refused.getHeader("Location")).isEqualTo("/login?failed&return=%2Fhistory");
    assertThat(refused.cookies()).noneMatch(c -> c.startsWith(AccessControl.SESSION_COOKIE) && !c.contains("Max-Age=0"));
    assertThat(send(navigate("/login?failed")).bodyAsString()).contains("Wrong name or password.");
  }

  @Test
  void theLoginPageNeverSendsTheBrowserToAnotherSite() {
    for (String evil : new String[] {"//evil.example/", "/\\evil.example", "https://evil.example/", "evil.example"}) {
      HttpResponse<Buffer> loggedIn = submit("/login?return=" + java.net.URLEncoder.encode(evil, java.nio.charset.StandardCharsets.UTF_8),
          "bob", "bob-pw");
      assertThat(loggedIn.getHeader("Location")).as(evil).isEqualTo("/");
    }
  }

  @Test
  void afterFiveWrongPasswordsTheFormRefusesEvenTheRightOne() {
    for (int i = 0; i < LoginAttempts.MAX_FAILURES; i++) {
      assertThat(submit("/login", "bob", "guess-" + i).getHeader("Location")).startsWith("/login?failed");
    }
    HttpResponse<Buffer> throttled = submit("/login", "bob", "bob-pw");
    assertThat(throttled.getHeader("Location")).isEqualTo("/login?throttled");
    assertThat(throttled.cookies()).noneMatch(c -> c.startsWith(AccessControl.SESSION_COOKIE) && !c.contains("Max-Age=0"));
  }

  @Test
  void loggingOutEndsTheSession() {
    String cookie = logIn();
    assertThat(send(fetch("/api/cameras", cookie)).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> out = client.post(web.actualPort(), "127.0.0.1", "/logout")
        .putHeader("Cookie", cookie).putHeader("Origin", "http://127.0.0.1:" + web.actualPort())
        .send().timeout(30, TimeUnit.SECONDS).await();
    assertThat(out.statusCode()).isEqualTo(302);
    assertThat(out.getHeader("Location")).isEqualTo("/login?logged-out");
    HttpResponse<Buffer> after = send(fetch("/api/cameras", cookie));
    assertThat(after.statusCode()).isEqualTo(401);
    assertThat(after.getHeader("WWW-Authenticate")).as("no Basic dialog over the pages").isNull();
    assertThat(after.bodyAsJsonObject().getString("error")).isEqualTo("unauthorized");
  }

  @Test
  void aSessionEndsAfterItsIdleTimeAndAfterItsMaximumAge() {
    String idle = logIn();
    assertThat(send(fetch("/api/cameras", idle)).statusCode()).isEqualTo(200);
    now.addAndGet(29 * 60_000);
    assertThat(send(fetch("/api/cameras", idle)).statusCode()).as("used within the idle time").isEqualTo(200);
    now.addAndGet(30 * 60_000);
    assertThat(send(fetch("/api/cameras", idle)).statusCode()).as("idle for 30 minutes").isEqualTo(401);
    HttpResponse<Buffer> back = send(navigate("/").putHeader("Cookie", idle));
    assertThat(back.getHeader("Location")).as("the page says why").isEqualTo("/login?expired");

    String busy = logIn();
    for (int minutes = 0; minutes < 2 * 60; minutes += 20) {
      assertThat(send(fetch("/api/cameras", busy)).statusCode()).as("after %d minutes in use", minutes).isEqualTo(200);
      now.addAndGet(20 * 60_000);
    }
    assertThat(send(fetch("/api/cameras", busy)).statusCode()).as("2 hours after the login, busy or not").isEqualTo(401);
  }

  @Test
  void aSessionIdChosenBeforeTheLoginIsNotTheOneAfterIt() {
    String planted = AccessControl.SESSION_COOKIE + "=" + "a".repeat(40);
    HttpResponse<Buffer> loggedIn = client.post(web.actualPort(), "127.0.0.1", "/login")
        .putHeader("Cookie", planted).putHeader("Origin", "http://127.0.0.1:" + web.actualPort())
        .sendForm(MultiMap.caseInsensitiveMultiMap().add("username", "bob").add("password", "bob-pw"))
        .timeout(30, TimeUnit.SECONDS).await();
    assertThat(sessionCookie(loggedIn)).isNotEqualTo(planted);
    assertThat(send(fetch("/api/cameras", planted)).statusCode()).isEqualTo(401);
  }
}
