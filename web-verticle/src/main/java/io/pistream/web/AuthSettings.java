package io.pistream.web;

import io.pistream.contracts.ConfigException;
import io.pistream.contracts.ConfigReader;
import io.pistream.contracts.PasswordHashes;
import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code http.auth} section: who may use this node. With neither users nor tokens every request is
 * admin, which is safe only while the server listens on loopback ({@link #requireSafe}).
 *
 * @param users people, who log in with a name and a password ({@code passwordHash} from hash-password)
 * @param tokens programs (Home Assistant, scripts, bridge clients), each a long random value kept as a hash
 * @param allowAnonymous requests without credentials are viewers: the explicit way to run open on a
 *     trusted network
 */
record AuthSettings(List<Account> users, List<Account> tokens, boolean allowAnonymous) {

  /** A user or a token: its name, the PHC hash of its secret, its role. */
  record Account(String name, String hash, Role role) {
  }

  AuthSettings {
    users = List.copyOf(users);
    tokens = List.copyOf(tokens);
  }

  /** Whether anyone must prove who they are: users or tokens are configured, or anonymous viewers allowed. */
  boolean guarded() {
    return !users.isEmpty() || !tokens.isEmpty() || allowAnonymous;
  }

  static AuthSettings from(ConfigReader auth) {
    List<Account> users = accounts(auth, "users", "passwordHash", true);
    List<Account> tokens = accounts(auth, "tokens", "tokenHash", false);
    return new AuthSettings(users, tokens, auth.bool("allowAnonymous", false));
  }

  /**
   * Refuses to serve the network with no one to ask: a host that is not loopback needs users or tokens, or
   * {@code allowAnonymous}. The TCP bridge has no login yet, so it stays on loopback whatever is configured.
   *
   * @throws ConfigException naming the settings to change
   */
  void requireSafe(String httpHost, TcpBridgeSettings tcpBridge) {
    if (!guarded() && !Loopback.is(httpHost)) {
      throw new ConfigException("http.host is " + httpHost + ", which serves the network, but nobody must log in: add users"
          + " under http.auth.users (passwords from 'pistream hash-password'), or set http.auth.allowAnonymous: true to run"
          + " open on a network you trust");
    }
    if (tcpBridge.enabled() && !Loopback.is(tcpBridge.host())) {
      throw new ConfigException("http.tcpBridge.host is " + tcpBridge.host() + ", but the TCP bridge has no login yet:"
          + " keep it on 127.0.0.1 (reach it through an SSH tunnel or a VPN)");
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
