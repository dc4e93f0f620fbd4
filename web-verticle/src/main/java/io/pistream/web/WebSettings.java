package io.pistream.web;

import io.pistream.contracts.ConfigException;
import io.pistream.contracts.ConfigReader;
import io.pistream.contracts.ConfigSections;
import io.vertx.core.json.JsonObject;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code http} config section, validated.
 *
 * @param host address to listen on
 * @param port TCP port; 0 picks any free port (tests)
 * @param timeZone zone in which local times of queries ("2024-05-01 14:00", "today") are read
 * @param requestTimeoutMs how long a request to storage may take before the answer is 503
 * @param tcpBridge the TCP event-bus bridge
 * @param stream the camera streams ({@code http.stream})
 * @param auth who may use this node ({@code http.auth})
 * @param frameAncestors who may show the pages and streams in a frame: a CSP source list
 * @param tls HTTPS from PEM files ({@code http.tls}), or off
 * @param trustedProxies reverse proxies whose {@code X-Forwarded-*} headers are believed
 * @param corsOrigins other sites' origins that may read the API and streams (CORS); empty: none
 * @param limits how slow and how large a request may be ({@code http.limits})
 */
record WebSettings(String host, int port, ZoneId timeZone, long requestTimeoutMs, TcpBridgeSettings tcpBridge,
    CameraStreamSettings stream, AuthSettings auth, String frameAncestors, TlsSettings tls, TrustedProxies trustedProxies,
    List<String> corsOrigins, HttpLimits limits) {

  WebSettings {
    corsOrigins = List.copyOf(corsOrigins);
  }

  static final String SECTION = ConfigSections.HTTP;
  private static final Pattern ORIGIN = Pattern.compile("https?://[A-Za-z0-9.\\-]+(:\\d{1,5})?|https?://\\[[0-9A-Fa-f:.]+\\](:\\d{1,5})?");

  /** @throws ConfigException naming the setting that is invalid */
  static WebSettings from(JsonObject config) {
    ConfigReader http = new ConfigReader(config, SECTION);
    String host = http.requiredString("host");
    int port = (int) http.integer("port", 8080, 0, 65_535);
    String zoneName = http.string("timeZone", "").trim();
    ZoneId zone;
    try {
      zone = zoneName.isEmpty() ? ZoneId.systemDefault() : ZoneId.of(zoneName);
    } catch (DateTimeException e) {
      throw new ConfigException(http.path("timeZone") + " must be a zone id such as Europe/Berlin or UTC, or empty for the system zone, got '"
          + zoneName + "'");
    }
    long requestTimeoutMs = http.integer("requestTimeoutMs", 5000, 50, 600_000);
    return new WebSettings(host, port, zone, requestTimeoutMs, TcpBridgeSettings.from(http.section("tcpBridge")),
        CameraStreamSettings.from(http.section("stream").json()), AuthSettings.from(http.section("auth")),
        frameAncestors(http), TlsSettings.from(http.section("tls")), TrustedProxies.from(http), corsOrigins(http),
        HttpLimits.from(http.section("limits")));
  }

  private static List<String> corsOrigins(ConfigReader http) {
    List<String> origins = new ArrayList<>();
    var entries = http.list("corsOrigins");
    for (int i = 0; i < entries.size(); i++) {
      String origin = String.valueOf(entries.getValue(i)).trim();
      if (!ORIGIN.matcher(origin).matches()) {
        throw new ConfigException(http.path("corsOrigins") + "[" + i + "] must be an origin such as http://homeassistant.local:8123"
            + " (scheme, host, optional port, no path), got '" + origin + "'");
      }
      origins.add(origin);
    }
    return origins;
  }

  private static String frameAncestors(ConfigReader http) {
    String sources = http.string("frameAncestors", "'none'").trim();
    if (sources.isEmpty() || sources.contains(";") || sources.contains(",") || sources.contains("\n")) {
      throw new ConfigException(http.path("frameAncestors") + " must be a CSP source list such as 'none', 'self' or"
          + " 'self' http://homeassistant.local:8123, got '" + sources + "'");
    }
    return sources;
  }
}
