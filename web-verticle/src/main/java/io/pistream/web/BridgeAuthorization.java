package io.pistream.web;

import io.pistream.contracts.Addresses;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.bridge.BridgeEventType;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;

/**
 * Who may do what over a bridge, frame by frame. A client's role comes from, in this order: a token in
 * the frame's {@code headers.authorization} ({@code Bearer <token>} or the bare token; programs that
 * cannot set HTTP headers send it, at the latest in their first frame, and the connection keeps the
 * role); the login the SockJS handshake brought (session cookie, Basic, Bearer); anonymous viewers
 * when allowed; admin on a node without logins. Each inbound address needs its role
 * ({@link #INBOUND_ROLES}); registering for an outbound address needs viewer. The token is taken out
 * of the frame, so no consumer on the bus ever sees it. Confined to the web verticle's event loop.
 */
final class BridgeAuthorization {

  /** Every inbound address today is a read-only query; controls added later name admin here. */
  static final Map<String, Role> INBOUND_ROLES = Map.of(
      Addresses.STORAGE_LATEST, Role.VIEWER,
      Addresses.STORAGE_SENSORS, Role.VIEWER,
      Addresses.STORAGE_HISTORY, Role.VIEWER,
      Addresses.NODE_LIST, Role.VIEWER);
  static final String AUTHORIZATION = "authorization";
  private static final String BEARER = "Bearer ";

  private final AuthSettings settings;
  /**
   * Roles that connections proved with a token, keyed by the connection: forgotten when a SockJS socket
   * closes, and (weak keys) once a closed connection is collected; the TCP bridge reports no close.
   */
  private final Map<Object, Role> provenBySocket = new WeakHashMap<>();

  BridgeAuthorization(AuthSettings settings) {
    this.settings = settings;
  }

  static BridgeAuthorization open() {
    return new BridgeAuthorization(AuthSettings.none());
  }

  /**
   * Decides one frame and removes its token.
   *
   * @param socket the connection, as a key
   * @param webUser the login of the SockJS handshake; null for none and for the TCP bridge
   * @return why the frame is refused, or empty when it may pass to the allow-lists
   */
  Optional<String> refusal(BridgeEventType type, JsonObject frame, Object socket, User webUser) {
    if (type == BridgeEventType.SOCKET_CLOSED) {
      provenBySocket.remove(socket);
      return Optional.empty();
    }
    Role needed = needed(type, frame);
    String token = takeToken(frame);
    if (!settings.guarded()) {
      return Optional.empty();
    }
    Role role;
    if (token != null) {
      role = settings.tokenAccount(token).map(AuthSettings.Account::role).orElse(null);
      if (role == null) {
        return Optional.of("an unknown token");
      }
      provenBySocket.put(socket, role);
    } else {
      role = provenBySocket.get(socket);
      if (role == null && webUser != null) {
        role = Role.fromWire(webUser.principal().getString("role", Role.VIEWER.wire()));
      }
      if (role == null && settings.allowAnonymous()) {
        role = Role.VIEWER;
      }
    }
    if (needed == null) {
      return Optional.empty();
    }
    if (role == null) {
      return Optional.of("no login: send a token in headers.authorization");
    }
    return role.ordinal() >= needed.ordinal() ? Optional.empty() : Optional.of("a " + role.wire() + ", not " + needed.wire());
  }

  /** The role a frame needs; null for frames that ask for nothing (pings, unregisters, the socket's own). */
  private static Role needed(BridgeEventType type, JsonObject frame) {
    String address = frame == null ? null : frame.getString("address");
    return switch (type) {
      case SEND, PUBLISH -> address == null ? Role.VIEWER : INBOUND_ROLES.getOrDefault(address, Role.ADMIN);
      case REGISTER -> Role.VIEWER;
      default -> null;
    };
  }

  private static String takeToken(JsonObject frame) {
    JsonObject headers = frame == null ? null : frame.getJsonObject("headers");
    if (headers == null) {
      return null;
    }
    Object lower = headers.remove(AUTHORIZATION);
    Object capitalised = headers.remove("Authorization");
    Object found = lower != null ? lower : capitalised;
    if (!(found instanceof String value) || value.isBlank()) {
      return null;
    }
    String trimmed = value.trim();
    return trimmed.regionMatches(true, 0, BEARER, 0, BEARER.length()) ? trimmed.substring(BEARER.length()).trim() : trimmed;
  }
}
