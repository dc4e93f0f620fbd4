package io.pistream.web;

import io.pistream.contracts.PasswordHashes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.AuthenticationProvider;
import io.vertx.ext.auth.authentication.Credentials;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.authentication.UsernamePasswordCredentials;
import io.vertx.ext.auth.authorization.RoleBasedAuthorization;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Checks the configured users and tokens for Vert.x's auth handlers. A token may come as a bearer token
 * or as the password of any user name (Home Assistant's MJPEG camera can only send a name and a
 * password). A password check is a PBKDF2 run of 1.2 s on the Pi flags here (longer on a Pi), so it runs
 * on a worker, once for concurrent requests with the same credentials, and a
 * verified name and password are remembered for {@link #REMEMBER_MS}, keyed by a hash of both: Basic
 * sends them with every request. Runs on the web verticle's event loop.
 */
final class AccountAuthentication implements AuthenticationProvider {

  static final long REMEMBER_MS = 5 * 60_000;
  private static final int REMEMBERED_MAX = 64;
  static final String PROVIDER = "pistream";

  private record Remembered(User user, long until) {
  }

  private final Vertx vertx;
  private final AuthSettings settings;
  private final LongSupplier clock;
  private final Map<String, Remembered> remembered = new LinkedHashMap<>();
  private final Map<String, Future<User>> verifying = new HashMap<>();

  AccountAuthentication(Vertx vertx, AuthSettings settings, LongSupplier clock) {
    this.vertx = vertx;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public Future<User> authenticate(Credentials credentials) {
    if (credentials instanceof TokenCredentials token) {
      return token(token.getToken()).map(Future::succeededFuture).orElseGet(() -> refused("unknown token"));
    }
    if (credentials instanceof UsernamePasswordCredentials basic) {
      return password(basic.getUsername() == null ? "" : basic.getUsername(), basic.getPassword() == null ? "" : basic.getPassword());
    }
    return refused("unsupported credentials");
  }

  private Future<User> password(String name, String password) {
    Optional<User> byToken = token(password);
    if (byToken.isPresent()) {
      return Future.succeededFuture(byToken.get());
    }
    String key = rememberKey(name, password);
    long now = clock.getAsLong();
    Remembered known = remembered.get(key);
    if (known != null && known.until() > now) {
      return Future.succeededFuture(known.user());
    }
    AuthSettings.Account account = settings.users().stream().filter(user -> user.name().equals(name)).findFirst().orElse(null);
    if (account == null) {
      return refused("unknown user or wrong password");
    }
    // A page load sends a dozen requests with the same new credentials: one check answers them all.
    Future<User> pending = verifying.get(key);
    if (pending != null) {
      return pending;
    }
    Future<User> checked = vertx.executeBlocking(() -> PasswordHashes.verifyPassword(password.toCharArray(), account.hash()), false)
        .compose(matches -> {
          if (!matches) {
            return refused("unknown user or wrong password");
          }
          User user = user(account, "password");
          remember(key, user, clock.getAsLong());
          return Future.succeededFuture(user);
        })
        .andThen(done -> verifying.remove(key));
    verifying.put(key, checked);
    return checked;
  }

  private Optional<User> token(String token) {
    return settings.tokenAccount(token).map(account -> user(account, "token"));
  }

  private void remember(String key, User user, long now) {
    remembered.values().removeIf(entry -> entry.until() <= now);
    if (remembered.size() >= REMEMBERED_MAX) {
      remembered.remove(remembered.keySet().iterator().next());
    }
    remembered.put(key, new Remembered(user, now + REMEMBER_MS));
  }

  /** An admin holds the viewer role too, so a route that needs viewer admits both. */
  static User user(AuthSettings.Account account, String via) {
    User user = User.create(new JsonObject().put("username", account.name()).put("role", account.role().wire()).put("via", via));
    if (account.role() == Role.ADMIN) {
      user.authorizations().put(PROVIDER, RoleBasedAuthorization.create(Role.VIEWER.wire()), RoleBasedAuthorization.create(Role.ADMIN.wire()));
    } else {
      user.authorizations().put(PROVIDER, RoleBasedAuthorization.create(Role.VIEWER.wire()));
    }
    return user;
  }

  /** A SHA-256 of both, so no password stays in memory as it was sent. */
  private static String rememberKey(String name, String password) {
    return PasswordHashes.hashToken(name + '\u0000' + password);
  }

  private static Future<User> refused(String why) {
    return Future.failedFuture(new SecurityException(why));
  }
}
