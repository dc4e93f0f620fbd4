package io.pistream.web;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.auth.authentication.AuthenticationProvider;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.FormLoginHandler;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a browser logs in and out: {@code GET /login} shows the form, {@code POST /login} checks it through
 * Vert.x's form login handler (which renews the session id and sends the browser back to where it was
 * going), {@code POST /logout} ends the session. The page the browser wanted travels in the login URL's
 * {@code return} parameter rather than in a session, so visitors who never log in cost no memory.
 */
final class LoginRoutes {

  static final String LOGIN = "/login";
  static final String LOGOUT = "/logout";
  private static final int FORM_LIMIT_BYTES = 4096;
  private static final Logger log = LoggerFactory.getLogger(LoginRoutes.class);

  private final Vertx vertx;
  private final LoginAttempts attempts;
  private final FormLoginHandler form;
  private LoginPage page;

  LoginRoutes(Vertx vertx, AuthenticationProvider accounts, LoginAttempts attempts) {
    this.vertx = vertx;
    this.attempts = attempts;
    this.form = FormLoginHandler.create(accounts).setDirectLoggedInOKURL("/");
  }

  Future<Void> start() {
    return LoginPage.load(vertx).map(loaded -> {
      page = loaded;
      return null;
    });
  }

  /** Mount after the session handler and before the guard: these routes are open. */
  void mount(Router root) {
    if (page == null) {
      throw new IllegalStateException("start the login routes before mounting them");
    }
    root.get(LOGIN).handler(this::showPage);
    root.post(LOGIN)
        .handler(BodyHandler.create(false).setBodyLimit(FORM_LIMIT_BYTES))
        .handler(this::check)
        .failureHandler(this::refused);
    root.post(LOGOUT).handler(ctx -> {
      if (ctx.user() != null) {
        log.info("{} logged out", ctx.user().principal().getString("username"));
      }
      ctx.userContext().logout(url(LoginPage.Message.LOGGED_OUT, null));
    });
  }

  /** The login page's address, with the message to show and the page to go back to after it. */
  static String url(LoginPage.Message message, String returnTo) {
    StringBuilder url = new StringBuilder(LOGIN);
    String separator = "?";
    if (message != LoginPage.Message.NONE) {
      url.append(separator).append(message.parameter());
      separator = "&";
    }
    String local = localPath(returnTo);
    if (!local.equals("/")) {
      url.append(separator).append("return=").append(URLEncoder.encode(local, StandardCharsets.UTF_8));
    }
    return url.toString();
  }

  private void showPage(RoutingContext ctx) {
    LoginPage.Message shown = LoginPage.Message.NONE;
    for (LoginPage.Message message : LoginPage.Message.values()) {
      if (message != LoginPage.Message.NONE && ctx.queryParam(message.parameter()).size() > 0) {
        shown = message;
      }
    }
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/html;charset=UTF-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(page.html(shown));
  }

  /**
   * Refuses a guesser before the slow check, tells the form handler where to send the browser back to,
   * and lets it check. (Called from here, not added to the route: Vert.x wants authentication handlers
   * before any other on a route.)
   */
  private void check(RoutingContext ctx) {
    ClientConnection client = ClientConnection.of(ctx);
    String name = ctx.request().getFormAttribute(FormLoginHandler.DEFAULT_USERNAME_PARAM);
    if (attempts.retryAfterMs(LoginAttempts.addressKey(client.address())) > 0
        || (name != null && attempts.retryAfterMs(LoginAttempts.userKey(name)) > 0)) {
      ctx.redirect(url(LoginPage.Message.THROTTLED, returnTo(ctx)));
      return;
    }
    Session session = ctx.session();
    if (session != null) {
      session.put(FormLoginHandler.DEFAULT_RETURN_URL_PARAM, localPath(returnTo(ctx)));
    }
    form.handle(ctx);
  }

  /** A wrong name or password (401) or an incomplete form (400) sends the browser back to the form. */
  private void refused(RoutingContext ctx) {
    if (ctx.statusCode() != 401 && ctx.statusCode() != 400) {
      ctx.next();
      return;
    }
    String name = ctx.request().getFormAttribute(FormLoginHandler.DEFAULT_USERNAME_PARAM);
    attempts.failedLogin(ClientConnection.of(ctx).address(), name);
    // Nobody logged in: the session held only the return address; keep nothing.
    if (ctx.session() != null) {
      ctx.session().destroy();
    }
    ctx.response().setStatusCode(303).putHeader(HttpHeaders.LOCATION, url(LoginPage.Message.FAILED, returnTo(ctx))).end();
  }

  private static String returnTo(RoutingContext ctx) {
    return ctx.queryParams().get("return");
  }

  /**
   * A path on this server to go back to, or {@code /}: never another site ({@code //evil.example},
   * {@code /\evil.example}, {@code https://...}), which would make the login page an open redirect.
   */
  static String localPath(String candidate) {
    if (candidate == null || !candidate.startsWith("/") || candidate.startsWith("//") || candidate.startsWith("/\\")
        || candidate.chars().anyMatch(c -> c < 0x20 || c == 0x7f) || candidate.startsWith(LOGIN)) {
      return "/";
    }
    return candidate;
  }
}
