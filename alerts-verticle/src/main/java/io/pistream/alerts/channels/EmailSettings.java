package io.pistream.alerts.channels;

import io.pistream.contracts.ConfigException;
import io.pistream.contracts.ConfigReader;
import io.vertx.core.json.JsonArray;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code alerts.email} section: SMTP submission, STARTTLS required unless turned off for a relay.
 *
 * @param host the SMTP server; empty: no e-mail
 * @param port 587 (submission) unless set
 * @param startTls true: STARTTLS required, the password never crosses in clear; false: plain SMTP
 * @param from the sender, {@code pi@example.com} or {@code Pistream <pi@example.com>}
 * @param to one or more recipients
 * @param username empty: no login
 * @param password from {@code alerts.email.password} (the launcher's {@code PISTREAM_SMTP_PASSWORD}), else
 *     from {@code passwordFile}; empty without a username
 * @param caPem PEM certificates to trust instead of the JVM's trust store (a private relay); empty: the JVM's
 */
record EmailSettings(String host, int port, boolean startTls, String from, List<String> to, String username,
    String password, String caPem) {

  static final int DEFAULT_PORT = 587;

  private static final Pattern ADDRESS = Pattern.compile("[^\\s@<>\",;]+@[^\\s@<>\",;]+");
  private static final Pattern NAMED_ADDRESS = Pattern.compile("[^<>\\r\\n]*<" + ADDRESS.pattern() + ">");
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:\\[\\]_-]+");

  boolean login() {
    return !username.isEmpty();
  }

  /**
   * Reads and checks the section, and reads {@code passwordFile} and {@code caFile} now, once: call it at
   * deploy time, not per message.
   *
   * @return null when {@code host} is empty or the section is absent
   * @throws ConfigException naming the setting that is wrong
   */
  static EmailSettings from(ConfigReader email) {
    String host = email.string("host", "").trim();
    if (host.isEmpty()) {
      return null;
    }
    if (!HOST.matcher(host).matches() || host.chars().filter(c -> c == ':').count() == 1) {
      throw new ConfigException(email.path("host") + " must be a host name or an IP address (no scheme, no port), got '" + host + "'");
    }
    int port = (int) email.integer("port", DEFAULT_PORT, 1, 65535);
    boolean startTls = email.bool("startTls", true);
    String from = email.requiredString("from").trim();
    if (!isAddress(from)) {
      throw new ConfigException(email.path("from") + " must be an e-mail address such as pi@example.com or 'Pistream <pi@example.com>', got '" + from + "'");
    }
    List<String> to = recipients(email);
    String username = email.string("username", "").trim();
    String password = password(email, username);
    if (!username.isEmpty() && !startTls && !isLoopback(host)) {
      throw new ConfigException(email.path("startTls") + " is false and " + email.path("username")
          + " is set: the password would cross the network in clear; turn startTls on, or log in only to a relay on localhost");
    }
    String caPem = caPem(email);
    return new EmailSettings(host, port, startTls, from, List.copyOf(to), username, password, caPem);
  }

  private static List<String> recipients(ConfigReader email) {
    Object value = email.json().getValue("to");
    List<String> to = new ArrayList<>();
    if (value instanceof JsonArray list) {
      for (int i = 0; i < list.size(); i++) {
        Object item = list.getValue(i);
        if (item instanceof JsonArray || item instanceof io.vertx.core.json.JsonObject) {
          throw new ConfigException(email.path("to") + "[" + i + "] must be an e-mail address");
        }
        addRecipients(email, String.valueOf(item), to);
      }
    } else {
      addRecipients(email, email.string("to", ""), to);
    }
    if (to.isEmpty()) {
      throw new ConfigException(email.path("to") + " is required: one address or a list of addresses");
    }
    return to;
  }

  private static void addRecipients(ConfigReader email, String text, List<String> to) {
    for (String part : text.split(",")) {
      String address = part.trim();
      if (address.isEmpty()) {
        continue;
      }
      if (!isAddress(address)) {
        throw new ConfigException(email.path("to") + " must hold e-mail addresses such as ops@example.com, got '" + address + "'");
      }
      to.add(address);
    }
  }

  private static String password(ConfigReader email, String username) {
    String password = email.string("password", "");
    String file = email.string("passwordFile", "").trim();
    if (password.isEmpty() && !file.isEmpty()) {
      try {
        password = stripTrailingNewlines(Files.readString(Path.of(file), StandardCharsets.UTF_8));
      } catch (IOException | RuntimeException e) {
        throw new ConfigException(email.path("passwordFile") + " cannot be read: " + file + " (" + e.getClass().getSimpleName() + ")");
      }
      if (password.isEmpty()) {
        throw new ConfigException(email.path("passwordFile") + " is empty: " + file);
      }
    }
    if (!username.isEmpty() && password.isEmpty()) {
      throw new ConfigException(email.path("username") + " is set but there is no password: set " + email.path("passwordFile")
          + " or the environment variable PISTREAM_SMTP_PASSWORD");
    }
    return username.isEmpty() ? "" : password;
  }

  private static String caPem(ConfigReader email) {
    String file = email.string("caFile", "").trim();
    if (file.isEmpty()) {
      return "";
    }
    String pem;
    try {
      pem = Files.readString(Path.of(file), StandardCharsets.US_ASCII);
    } catch (IOException | RuntimeException e) {
      throw new ConfigException(email.path("caFile") + " cannot be read: " + file + " (" + e.getClass().getSimpleName() + ")");
    }
    if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
      throw new ConfigException(email.path("caFile") + " must hold PEM certificates (-----BEGIN CERTIFICATE-----): " + file);
    }
    return pem;
  }

  static boolean isAddress(String text) {
    return ADDRESS.matcher(text).matches() || NAMED_ADDRESS.matcher(text).matches();
  }

  /** Without asking DNS: {@code localhost} or a loopback address literal. */
  static boolean isLoopback(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (!literal.matches("[0-9.]+") && !literal.contains(":")) {
      return false;
    }
    try {
      return InetAddress.getByName(literal).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static String stripTrailingNewlines(String text) {
    int end = text.length();
    while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
      end--;
    }
    return text.substring(0, end);
  }

  @Override
  public String toString() {
    return "EmailSettings[" + host + ":" + port + (startTls ? " STARTTLS" : " plain") + ", from " + from + ", to " + to
        + (login() ? ", login as " + username + " with a password" : ", no login") + (caPem.isEmpty() ? "" : ", own CA") + "]";
  }
}
