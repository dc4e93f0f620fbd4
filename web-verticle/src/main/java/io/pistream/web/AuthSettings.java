package io.pistream.web;

import io.pistream.contracts.ConfigException;
import io.pistream.contracts.ConfigReader;
import io.pistream.contracts.PasswordHashes;
import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code http.auth} section: who may use this node. With neither users nor tokens every request is
 * admin, which is safe only while the server listens on loopback ({@link #requireSafe}).
 *
 * @param users people, who log in with a name and a password ({@code passwordHash} from hash-password)
 * @param tokens programs (Home Assistant, scripts, bridge clients), each a long random value kept as a hash
 * @param allowAnonymous requests without credentials are viewers: the explicit way to run open on a
 *     trusted network
 * @param sessionIdleMs a browser's login ends after this long without a request
 * @param sessionMaxMs and after this long in any case, so a stolen cookie does not live for ever
 */
record AuthSettings(List<Account> users, List<Account> tokens, boolean allowAnonymous, long sessionIdleMs, long sessionMaxMs) {

  static final long DEFAULT_SESSION_IDLE_MINUTES = 60;
  static final long DEFAULT_SESSION_MAX_HOURS = 7 * 24;

  /** A user or a token: its name, the PHC hash of its secret, its role. */
  record Account(String name, String hash, Role role) {
  }

  AuthSettings {
    users = List.copyOf(users);
    tokens = List.copyOf(tokens);
  }

  /** Nobody configured: every request is admin. */
  static AuthSettings none() {
    return new AuthSettings(List.of(), List.of(), false, DEFAULT_SESSION_IDLE_MINUTES * 60_000, DEFAULT_SESSION_MAX_HOURS * 3_600_000);
  }

  /** The token account whose hash matches {@code token}, for the HTTP guard and the bridges alike. */
  Optional<Account> tokenAccount(String token) {
    if (token == null || token.isEmpty()) {
      return Optional.empty();
    }
    return tokens.stream().filter(account -> PasswordHashes.verifyToken(token, account.hash())).findFirst();
  }

  /** Whether anyone must prove who they are: users or tokens are configured, or anonymous viewers allowed. */
  boolean guarded() {
    return !users.isEmpty() || !tokens.isEmpty() || allowAnonymous;
  }

  static AuthSettings from(ConfigReader auth) {
    List<Account> users = accounts(auth, "users", "passwordHash", true);
    List<Account> tokens = accounts(auth, "tokens", "tokenHash", false);
    long idleMinutes = auth.integer("sessionIdleMinutes", DEFAULT_SESSION_IDLE_MINUTES, 1, 7 * 24 * 60);
    long maxHours = auth.integer("sessionMaxHours", DEFAULT_SESSION_MAX_HOURS, 1, 366 * 24);
    return new AuthSettings(users, tokens, auth.bool("allowAnonymous", false), idleMinutes * 60_000, maxHours * 3_600_000);
  }

  /**
   * Refuses to serve the network with no one to ask: a host that is not loopback needs users or tokens, or
   * {@code allowAnonymous}; a TCP bridge that does needs tokens (its clients cannot log in otherwise).
   *
   * @throws ConfigException naming the settings to change
   */
  void requireSafe(String httpHost, TcpBridgeSettings tcpBridge) {
    if (!guarded() && !Loopback.is(httpHost)) {
      throw new ConfigException("http.host is " + httpHost + ", which serves the network, but nobody must log in: add users"
          + " under http.auth.users (passwords from 'pistream hash-password'), or set http.auth.allowAnonymous: true to run"
          + " open on a network you trust");
    }
    if (tcpBridge.enabled() && !Loopback.is(tcpBridge.host()) && tokens.isEmpty() && !allowAnonymous) {
      throw new ConfigException("http.tcpBridge.host is " + tcpBridge.host() + ", which serves the network, but its clients"
          + " log in with tokens and none is configured: add one under http.auth.tokens ('pistream hash-password --token'),"
          + " or keep the TCP bridge on 127.0.0.1");
    }
  }

  private static List<Account> accounts(ConfigReader auth, String key, String hashKey, boolean password) {
    JsonArray entries = auth.list(key);
    List<Account> accounts = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < entries.size(); i++) {
      ConfigReader entry = auth.element(key, i);
      String name = entry.requiredString("name");
      if (!names.add(name)) {
        throw new ConfigException(entry.path("name") + ": '" + name + "' is listed twice in " + auth.path(key));
      }
      String hash = entry.requiredString(hashKey);
      try {
        if (password) {
          PasswordHashes.requirePasswordHash(hash);
        } else {
          PasswordHashes.requireTokenHash(hash);
        }
      } catch (IllegalArgumentException e) {
        throw new ConfigException(entry.path(hashKey) + " " + e.getMessage());
      }
      Role role = Role.fromWire(entry.oneOf("role", Role.VIEWER.wire(), Role.wireNames()));
      accounts.add(new Account(name, hash, role));
    }
    return accounts;
  }
}
