package io.pistream.web;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.auth.authorization.RoleBasedAuthorization;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.APIKeyHandler;
import io.vertx.ext.web.handler.AuthenticationHandler;
import io.vertx.ext.web.handler.AuthorizationHandler;
import io.vertx.ext.web.handler.BasicAuthHandler;
import io.vertx.ext.web.handler.ChainAuthHandler;
import io.vertx.ext.web.handler.HttpException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may reach which route. With no users, tokens or anonymous viewers configured the node is open,
 * every request admin (the server then listens on loopback only: {@link AuthSettings#requireSafe}).
 * Otherwise the guard goes first on the router: HTTP Basic (a user's password, or a token as the password)
 * or {@code Authorization: Bearer <token>}, through Vert.x's own handlers; only {@link #OPEN_PATHS} pass
 * without. Routes that change something add {@link #adminOnly()}: a viewer gets 403.
 */
final class AccessControl {

  static final String REALM = "pistream";
  /** Answer only {@code {"status": ...}}, so they need no login. */
  static final Set<String> OPEN_PATHS = Set.of("/health");
  private static final String BEARER = "Bearer ";
  private static final String ANONYMOUS = "pistream.anonymous";

  private static final Logger log = LoggerFactory.getLogger(AccessControl.class);

  private final AuthSettings settings;
  private final AuthenticationHandler authentication;
  private final AuthorizationHandler admin;
  private final LoginAttempts attempts = new LoginAttempts(System::currentTimeMillis);

  AccessControl(Vertx vertx, AuthSettings settings) {
    this.settings = settings;
    AccountAuthentication accounts = new AccountAuthentication(vertx, settings, System::currentTimeMillis);
    this.authentication = ChainAuthHandler.any()
        .add(BasicAuthHandler.create(accounts, REALM))
        .add(APIKeyHandler.create(accounts).header(HttpHeaders.AUTHORIZATION.toString()).tokenExtractor(value ->
            value.startsWith(BEARER) ? Future.succeededFuture(value.substring(BEARER.length()).trim())
                : Future.failedFuture(new HttpException(401, "not a bearer token"))));
    this.admin = AuthorizationHandler.create(RoleBasedAuthorization.create(Role.ADMIN.wire()));
  }

  /** Every request is admin: no users, no tokens, no anonymous viewers. */
  static AccessControl open(Vertx vertx) {
    return new AccessControl(vertx, new AuthSettings(List.of(), List.of(), false));
  }

  boolean guarded() {
    return settings.guarded();
  }

  /** Mount first: every later route sees an authenticated user, an anonymous viewer, or nothing at all. */
  void mountGuard(Router root) {
    if (!settings.guarded()) {
      return;
    }
    root.route().handler(this::guard).failureHandler(this::countFailedLogin);
  }

  private void guard(RoutingContext ctx) {
    if (OPEN_PATHS.contains(ctx.normalizedPath())) {
      ctx.next();
      return;
    }
    if (settings.allowAnonymous() && ctx.request().getHeader(HttpHeaders.AUTHORIZATION) == null) {
      ctx.put(ANONYMOUS, true);
      ctx.next();
      return;
    }
    String user = basicUser(ctx);
    long retryAfterMs = Math.max(attempts.retryAfterMs(addressKey(ctx)), user == null ? 0 : attempts.retryAfterMs(userKey(user)));
    if (retryAfterMs > 0) {
      ctx.response().putHeader("Retry-After", Long.toString((retryAfterMs + 999) / 1000));
      HttpErrors.send(ctx, 429, "too_many_requests", "too many failed logins from this address or for this user;"
          + " try again in " + (retryAfterMs + 999) / 1000 + " s");
      return;
    }
    authentication.handle(ctx);
  }

  /** A 401 to a request that brought credentials is a failed login: counted per address and per user. */
  private void countFailedLogin(RoutingContext ctx) {
    if (ctx.statusCode() == 401 && ctx.request().getHeader(HttpHeaders.AUTHORIZATION) != null) {
      String user = basicUser(ctx);
      String address = String.valueOf(ctx.request().remoteAddress().host());
      boolean addressBlocked = attempts.failed(addressKey(ctx));
      boolean userBlocked = user != null && attempts.failed(userKey(user));
      if (addressBlocked || userBlocked) {
        log.warn("{} failed logins within {} s from {}{}: refusing further tries for a while", LoginAttempts.MAX_FAILURES,
            LoginAttempts.WINDOW_MS / 1000, address, user == null ? "" : " or for user '" + user + "'");
      } else {
        log.info("failed login from {}{}", address, user == null ? " (token)" : " as '" + user + "'");
      }
    }
    ctx.next();
  }

  private static String addressKey(RoutingContext ctx) {
    return "address " + ctx.request().remoteAddress().host();
  }

  private static String userKey(String user) {
    return "user " + user;
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

  /** A handler for routes only an admin may use. */
  Handler<RoutingContext> adminOnly() {
    return ctx -> {
      if (!settings.guarded()) {
        ctx.next();
      } else if (Boolean.TRUE.equals(ctx.get(ANONYMOUS))) {
        // Anonymous viewers may log in as an admin: ask for credentials instead of refusing for good.
        ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\"");
        ctx.fail(401, new SecurityException("this needs an admin's login"));
      } else {
        admin.handle(ctx);
      }
    };
  }
}
