package io.pistream.alerts.channels;

import io.pistream.contracts.ConfigException;
import io.pistream.contracts.ConfigReader;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code alerts.webhook} section. The URL and the header values are secrets (a Telegram URL holds the
 * bot's token, an ntfy topic is its own password): they appear in no log line and no failure message.
 *
 * @param url where the service is, as configured (an ntfy topic URL, a Discord webhook URL, ...)
 * @param target where the POST goes, derived from {@code url} for the format (ntfy's root, gotify's
 *     {@code /message}, Telegram's {@code /sendMessage})
 * @param headers extra request headers, e.g. {@code Authorization}, {@code X-Gotify-Key}
 * @param format the body the service expects
 * @param chatId Telegram's chat; empty for the other formats
 * @param topic ntfy's topic, the last segment of {@code url}; empty for the other formats
 * @param caPem PEM certificates to trust instead of the JVM's trust store; empty: the JVM's
 */
record WebhookSettings(URI url, String target, Map<String, String> headers, WebhookFormat format, String chatId,
    String topic, String caPem) {

  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  /** A safe name for logs and failures: the host and port, never the path, query or user info. */
  String where() {
    return url.getPort() == -1 ? url.getHost() : url.getHost() + ":" + url.getPort();
  }

  /**
   * @return null when {@code url} is empty or the section is absent
   * @throws ConfigException naming the setting that is wrong, never quoting a secret
   */
  static WebhookSettings from(ConfigReader webhook) {
    String text = webhook.string("url", "").trim();
    if (text.isEmpty()) {
      return null;
    }
    URI url = url(webhook, text);
    WebhookFormat format = WebhookFormat.of(webhook.oneOf("format", "json", WebhookFormat.keys()));
    Map<String, String> headers = headers(webhook);
    String chatId = webhook.string("chatId", "").trim();
    if (format == WebhookFormat.TELEGRAM && chatId.isEmpty()) {
      throw new ConfigException(webhook.path("chatId") + " is required for format telegram: the chat's id (a number) or @channelname");
    }
    String topic = "";
    String target;
    switch (format) {
      case NTFY -> {
        String path = stripTrailingSlash(url.getRawPath());
        int slash = path.lastIndexOf('/');
        topic = slash < 0 ? "" : path.substring(slash + 1);
        if (topic.isEmpty()) {
          throw new ConfigException(webhook.path("url") + " must end with the topic for format ntfy, e.g. https://ntfy.sh/mytopic");
        }
        target = base(url) + path.substring(0, slash + 1) + query(url);
      }
      case GOTIFY -> target = withLastSegment(url, "message");
      case TELEGRAM -> target = withLastSegment(url, "sendMessage");
      default -> target = url.toString();
    }
    return new WebhookSettings(url, target, headers, format, format == WebhookFormat.TELEGRAM ? chatId : "", topic,
        caPem(webhook));
  }

  private static URI url(ConfigReader webhook, String text) {
    URI url;
    try {
      url = new URI(text);
    } catch (URISyntaxException e) {
      throw new ConfigException(webhook.path("url") + " must be an http or https URL (not quoted here: it may hold a token)");
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase();
    if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null || url.getHost().isEmpty()) {
      throw new ConfigException(webhook.path("url") + " must be an http or https URL with a host (not quoted here: it may hold a token)");
    }
    if (url.getRawUserInfo() != null) {
      throw new ConfigException(webhook.path("url") + " must not hold a user name or password: put them in "
          + webhook.path("headers") + " as Authorization");
    }
    if (url.getRawFragment() != null) {
      throw new ConfigException(webhook.path("url") + " must not have a #fragment");
    }
    return url;
  }

  private static Map<String, String> headers(ConfigReader webhook) {
    ConfigReader section = webhook.section("headers");
    Map<String, String> headers = new LinkedHashMap<>();
    for (String name : section.json().fieldNames()) {
      if (!HEADER_NAME.matcher(name).matches()) {
        throw new ConfigException(webhook.path("headers") + " has a header name that is not a valid HTTP token: '" + name + "'");
      }
      Object value = section.json().getValue(name);
      if (value == null || value instanceof JsonObject || value instanceof JsonArray) {
        throw new ConfigException(section.path(name) + " must be a single value");
      }
      String text = String.valueOf(value);
      if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
        throw new ConfigException(section.path(name) + " must be one line");
      }
      headers.put(name, text);
    }
    return Map.copyOf(headers);
  }

  private static String caPem(ConfigReader webhook) {
    String file = webhook.string("caFile", "").trim();
    if (file.isEmpty()) {
      return "";
    }
    String pem;
    try {
      pem = Files.readString(Path.of(file), StandardCharsets.US_ASCII);
    } catch (IOException | RuntimeException e) {
      throw new ConfigException(webhook.path("caFile") + " cannot be read: " + file + " (" + e.getClass().getSimpleName() + ")");
    }
    if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
      throw new ConfigException(webhook.path("caFile") + " must hold PEM certificates (-----BEGIN CERTIFICATE-----): " + file);
    }
    return pem;
  }

  private static String withLastSegment(URI url, String segment) {
    String path = stripTrailingSlash(url.getRawPath());
    if (!path.endsWith("/" + segment)) {
      path = path + "/" + segment;
    }
    return base(url) + path + query(url);
  }

  private static String base(URI url) {
    return url.getScheme() + "://" + url.getRawAuthority();
  }

  private static String query(URI url) {
    return url.getRawQuery() == null ? "" : "?" + url.getRawQuery();
  }

  private static String stripTrailingSlash(String path) {
    String result = path == null ? "" : path;
    while (result.endsWith("/")) {
      result = result.substring(0, result.length() - 1);
    }
    return result;
  }

  @Override
  public String toString() {
    return "WebhookSettings[" + format.key() + " to " + where() + ", " + headers.size() + " extra headers"
        + (caPem.isEmpty() ? "" : ", own CA") + "]";
  }
}
