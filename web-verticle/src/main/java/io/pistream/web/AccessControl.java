package io.pistream.web;

import io.pistream.ops.OpsRoutes;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authorization.RoleBasedAuthorization;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.handler.APIKeyHandler;
import io.vertx.ext.web.handler.AuthenticationHandler;
import io.vertx.ext.web.handler.AuthorizationHandler;
import io.vertx.ext.web.handler.BasicAuthHandler;
import io.vertx.ext.web.handler.ChainAuthHandler;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.handler.SessionHandler;
import io.vertx.ext.web.sstore.LocalSessionStore;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Who may reach which route. With no users, tokens or anonymous viewers configured the node is open,
 * every request admin (the server then listens on loopback only: {@link AuthSettings#requireSafe}).
 * Otherwise the guard goes first on the router, through Vert.x's own handlers: programs send HTTP Basic
 * (a user's password, or a token as the password) or {@code Authorization: Bearer <token>} with every
 * request; browsers log in once on the login page ({@link LoginRoutes}) and then carry a session cookie
 * (HttpOnly, SameSite=Lax, Secure over HTTPS, with an idle and an absolute timeout). Only
 * {@link #OPEN_PATHS} pass without either. Routes that change something add {@link #adminOnly()}: a
 * viewer gets 403.
 */
final class AccessControl {

  static final String REALM = "pistream";
  static final String SESSION_COOKIE = "pistream.session";
  /**
   * The login page with what it shows, and the probes {@code /health} and {@code /ready}, which answer
   * only {@code {"status": ...}} without a login.
   */
  static final Set<String> OPEN_PATHS =
      Set.of(OpsRoutes.HEALTH, OpsRoutes.READY, LoginRoutes.LOGIN, LoginRoutes.LOGOUT, "/css/dashboard.css", "/favicon.svg");
  /** Open, but a request that brings credentials is checked: with them the probes show each component. */
  static final Set<String> PROBES = Set.of(OpsRoutes.HEALTH, OpsRoutes.READY);
  /** The SockJS bridge: a handshake without a login is let in, and each of its frames needs a token. */
  static final String FRAME_AUTHENTICATED = EventBusBridge.PATH + "/";
  private static final String BEARER = "Bearer ";
  private static final String ANONYMOUS = "pistream.anonymous";
  /** The request brought a session cookie (the session handler takes an unknown one out of the request). */
  private static final String BROUGHT_SESSION = "pistream.broughtSession";
  /** When the session's login happened, for the absolute timeout. */
  private static final String LOGGED_IN_AT = "pistream.loggedInAt";
  /** The session's last request, for the idle timeout. */
  private static final String LAST_SEEN = "pistream.lastSeen";

  private final AuthSettings settings;
  private final LongSupplier clock;
  private final AuthenticationHandler authentication;
  private final AuthorizationHandler admin;
  private final LoginAttempts attempts;
  private final LoginRoutes login;
  private final LocalSessionStore sessions;
  private final SessionHandler plainSessions;
  private final SessionHandler secureSessions;

  AccessControl(Vertx vertx, AuthSettings settings, LongSupplier clock) {
    this.settings = settings;
    this.clock = clock;
    this.attempts = new LoginAttempts(clock);
    AccountAuthentication accounts = new AccountAuthentication(vertx, settings, clock);
    this.authentication = ChainAuthHandler.any()
        .add(BasicAuthHandler.create(accounts, REALM))
        .add(APIKeyHandler.create(accounts).header(HttpHeaders.AUTHORIZATION.toString()).tokenExtractor(value ->
            value.startsWith(BEARER) ? Future.succeededFuture(value.substring(BEARER.length()).trim())
                : Future.failedFuture(new HttpException(401, "not a bearer token"))));
    this.admin = AuthorizationHandler.create(RoleBasedAuthorization.create(Role.ADMIN.wire()));
    this.login = new LoginRoutes(vertx, accounts, attempts);
    this.sessions = settings.guarded() ? LocalSessionStore.create(vertx) : null;
    this.plainSessions = sessions == null ? null : sessionHandler(sessions, settings, false);
    this.secureSessions = sessions == null ? null : sessionHandler(sessions, settings, true);
  }

  /** Every request is admin: no users, no tokens, no anonymous viewers. */
  static AccessControl open(Vertx vertx) {
    return new AccessControl(vertx, AuthSettings.none(), System::currentTimeMillis);
  }

  private static SessionHandler sessionHandler(LocalSessionStore store, AuthSettings settings, boolean secure) {
    return SessionHandler.create(store)
        .setSessionCookieName(SESSION_COOKIE)
        .setCookieHttpOnlyFlag(true)
        // Lax, not Strict: a link from an alert e-mail to the history page must find the login; cross-site
        // requests that change something are refused by OriginCheck.
        .setCookieSameSite(CookieSameSite.LAX)
        .setCookieSecureFlag(secure)
        .setSessionTimeout(settings.sessionIdleMs())
        // A session is kept only once it holds something: visitors who never log in cost no memory.
        .setLazySession(true);
  }

  boolean guarded() {
    return settings.guarded();
  }

  Future<Void> start() {
    return settings.guarded() ? login.start() : Future.succeededFuture();
  }

  void stop() {
    if (sessions != null) {
      sessions.close();
    }
  }

  /**
   * Mount first: every later route sees an authenticated user, an anonymous viewer, or nothing at all.
   * {@code GET /api/me} tells the pages who they show the node to.
   */
  void mount(Router root) {
    if (settings.guarded()) {
      root.route().handler(this::session);
      login.mount(root);
      root.route().handler(this::guard).failureHandler(this::countFailedLogin);
    }
    root.get("/api/me").handler(this::describeUser);
  }

  /** Programs that send credentials with every request get no session: their requests cost no memory. */
  private void session(RoutingContext ctx) {
    if (ctx.request().getHeader(HttpHeaders.AUTHORIZATION) != null) {
      ctx.next();
    } else {
      ctx.put(BROUGHT_SESSION, ctx.request().getCookie(SESSION_COOKIE) != null);
      (ClientConnection.of(ctx).secure() ? secureSessions : plainSessions).handle(ctx);
    }
  }

  private void guard(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String path = ctx.normalizedPath();
    if (OPEN_PATHS.contains(path) && !(PROBES.contains(path) && request.getHeader(HttpHeaders.AUTHORIZATION) != null)) {
      ctx.next();
      return;
    }
    if (request.getHeader(HttpHeaders.AUTHORIZATION) != null) {
      String user = basicUser(ctx);
      long retryAfterMs = attempts.retryAfterMs(ClientConnection.of(ctx).address(), user);
      if (retryAfterMs > 0) {
        long seconds = (retryAfterMs + 999) / 1000;
        ctx.response().putHeader("Retry-After", Long.toString(seconds));
        HttpErrors.send(ctx, 429, "too_many_requests",
            "too many failed logins from this address or for this user; try again in " + seconds + " s");
        return;
      }
      authentication.handle(ctx);
      return;
    }
    if (ctx.user() != null) {
      if (sessionStillValid(ctx)) {
        ctx.next();
      } else {
        askForLogin(ctx, LoginPage.Message.EXPIRED);
      }
      return;
    }
    if (settings.allowAnonymous()) {
      ctx.put(ANONYMOUS, true);
      ctx.next();
      return;
    }
    if (ctx.normalizedPath().startsWith(FRAME_AUTHENTICATED)) {
      // Bridge clients that cannot send HTTP headers log in per frame: BridgeAuthorization checks each one.
      ctx.next();
      return;
    }
    askForLogin(ctx, Boolean.TRUE.equals(ctx.get(BROUGHT_SESSION)) ? LoginPage.Message.EXPIRED : LoginPage.Message.NONE);
  }

  /**
   * The idle and the absolute timeout. The session store forgets idle sessions by itself too; checking
   * here as well makes the login end on time even between two sweeps of the store.
   */
  private boolean sessionStillValid(RoutingContext ctx) {
    Session session = ctx.session();
    if (session == null) {
      return true;
    }
    long now = clock.getAsLong();
    Long loggedInAt = session.get(LOGGED_IN_AT);
    Long lastSeen = session.get(LAST_SEEN);
    if (loggedInAt == null) {
      // The first request after the form login: the login is now.
      loggedInAt = now;
      session.put(LOGGED_IN_AT, now);
    }
    if (now - loggedInAt >= settings.sessionMaxMs() || (lastSeen != null && now - lastSeen >= settings.sessionIdleMs())) {
      session.destroy();
      return false;
    }
    session.put(LAST_SEEN, now);
    return true;
  }

  /**
   * A browser that opens a page goes to the login page and comes back after it; anything else gets a
   * 401, with a Basic challenge only for programs: in a browser it would pop up a dialog over the pages.
   */
  private void askForLogin(RoutingContext ctx, LoginPage.Message message) {
    HttpServerRequest request = ctx.request();
    if (isNavigation(request)) {
      ctx.redirect(LoginRoutes.url(message, request.uri()));
      return;
    }
    if (request.getHeader("Sec-Fetch-Mode") == null && !"XMLHttpRequest".equals(request.getHeader("X-Requested-With"))) {
      ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\"");
    }
    HttpErrors.send(ctx, 401, "unauthorized", message == LoginPage.Message.EXPIRED
        ? "the login has ended; log in again at " + LoginRoutes.LOGIN
        : "this needs a login: HTTP Basic, 'Authorization: Bearer <token>', or the login page at " + LoginRoutes.LOGIN);
  }

  private static boolean isNavigation(HttpServerRequest request) {
    if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
      return false;
    }
    String mode = request.getHeader("Sec-Fetch-Mode");
    if (mode != null) {
      return mode.equals("navigate");
    }
    String accept = request.getHeader(HttpHeaders.ACCEPT);
    return accept != null && accept.contains("text/html");
  }

  /** A 401 to a request that brought credentials is a failed login: counted per address and per user. */
  private void countFailedLogin(RoutingContext ctx) {
    if (ctx.statusCode() == 401 && ctx.request().getHeader(HttpHeaders.AUTHORIZATION) != null) {
      attempts.failedLogin(ClientConnection.of(ctx).address(), basicUser(ctx));
    }
    ctx.next();
  }

  /** The user name of a Basic header, never its password; null for a bearer token or a malformed header. */
  private static String basicUser(RoutingContext ctx) {
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    try {
      String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon < 0 ? null : decoded.substring(0, colon);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** {@code {user, role, via}}: via {@code session}, {@code password}, {@code token}, {@code anonymous} or {@code open}. */
  private void describeUser(RoutingContext ctx) {
    JsonObject me = new JsonObject();
    User user = ctx.user();
    if (!settings.guarded()) {
      me.putNull("user").put("role", Role.ADMIN.wire()).put("via", "open");
    } else if (user == null) {
      me.putNull("user").put("role", Role.VIEWER.wire()).put("via", "anonymous");
    } else {
      boolean fromSession = ctx.request().getHeader(HttpHeaders.AUTHORIZATION) == null;
      me.put("user", user.principal().getString("username"))
          .put("role", user.principal().getString("role"))
          .put("via", fromSession ? "session" : user.principal().getString("via"));
    }
    ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    JsonResponses.send(ctx, me);
  }

  /** Whether the request comes with a login or a token (anonymous viewers have neither); an open node: yes. */
  boolean loggedIn(RoutingContext ctx) {
    return !settings.guarded() || (ctx.user() != null && !Boolean.TRUE.equals(ctx.get(ANONYMOUS)));
  }

  /** A handler for {@code /metrics}: admin users and tokens (of either role) pass, viewers get 403. */
  Handler<RoutingContext> adminOrToken() {
    return ctx -> {
      User user = ctx.user();
      if (!settings.guarded()) {
        ctx.next();
      } else if (user == null || Boolean.TRUE.equals(ctx.get(ANONYMOUS))) {
        askForLogin(ctx, LoginPage.Message.NONE);
      } else if ("token".equals(user.principal().getString("via")) || Role.ADMIN.wire().equals(user.principal().getString("role"))) {
        ctx.next();
      } else {
        HttpErrors.send(ctx, 403, "forbidden", "metrics are for admin users and API tokens");
      }
    };
  }

  /** A handler for routes only an admin may use. */
  Handler<RoutingContext> adminOnly() {
    return ctx -> {
      if (!settings.guarded()) {
        ctx.next();
      } else if (Boolean.TRUE.equals(ctx.get(ANONYMOUS))) {
        // Anonymous viewers may log in as an admin: ask for credentials instead of refusing for good.
        askForLogin(ctx, LoginPage.Message.NONE);
      } else {
        admin.handle(ctx);
      }
    };
  }
}
