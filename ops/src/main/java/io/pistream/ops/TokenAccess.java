package io.pistream.ops;

import io.pistream.contracts.PasswordHashes;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The API tokens of {@code http.auth.tokens} for a server without the web verticle's logins: a request
 * proves itself with {@code Authorization: Bearer <token>} or HTTP Basic with the token as the password,
 * as on the web server. With no users and no tokens configured and a loopback host, every request counts
 * as authorized, as the web server treats such a node as open.
 */
public final class TokenAccess {

  private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.\\d{1,3}){3}");
  private final List<String> tokenHashes;
  private final boolean open;

  private TokenAccess(List<String> tokenHashes, boolean open) {
    this.tokenHashes = List.copyOf(tokenHashes);
    this.open = open;
  }

  /**
   * @param http the {@code http} section
   * @throws IllegalArgumentException when a token's hash is malformed
   */
  public static TokenAccess from(JsonObject http) {
    JsonObject auth = http.getJsonObject("auth", new JsonObject());
    List<String> hashes = new ArrayList<>();
    JsonArray tokens = auth.getJsonArray("tokens", new JsonArray());
    for (int i = 0; i < tokens.size(); i++) {
      String hash = tokens.getJsonObject(i).getString("tokenHash", "");
      try {
        PasswordHashes.requireTokenHash(hash);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("http.auth.tokens[" + i + "].tokenHash " + e.getMessage(), e);
      }
      hashes.add(hash);
    }
    boolean nobody = hashes.isEmpty() && auth.getJsonArray("users", new JsonArray()).isEmpty()
        && !auth.getBoolean("allowAnonymous", false);
    return new TokenAccess(hashes, nobody && loopback(http.getString("host", "127.0.0.1")));
  }

  /** Every request is authorized: nobody is configured and the server listens on loopback only. */
  public boolean open() {
    return open;
  }

  /** Whether the request carries a configured token (or the node is open). */
  public boolean authorized(RoutingContext ctx) {
    if (open) {
      return true;
    }
    String token = token(ctx.request().getHeader(HttpHeaders.AUTHORIZATION));
    return token != null && tokenHashes.stream().anyMatch(hash -> PasswordHashes.verifyToken(token, hash));
  }

  private static String token(String header) {
    if (header == null) {
      return null;
    }
    if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return header.substring(7).trim();
    }
    if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
      try {
        String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        return colon < 0 ? null : decoded.substring(colon + 1);
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    return null;
  }

  private static boolean loopback(String host) {
    String h = host.trim();
    return h.equalsIgnoreCase("localhost") || IPV4_LOOPBACK.matcher(h).matches() || h.equals("::1") || h.equals("[::1]");
  }
}
