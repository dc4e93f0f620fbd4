package io.pistream.mqtt;

import io.pistream.contracts.ConfigException;
import io.pistream.contracts.ConfigReader;
import io.pistream.contracts.NodeIdentity;
import io.vertx.core.json.JsonObject;

/**
 * The {@code mqtt} section, validated whole at start. Files ({@code passwordFile}, {@code caFile}) are
 * only named here; {@link BrokerFiles} reads them on a worker.
 *
 * @param password given inline (the launcher fills it from {@code PISTREAM_MQTT_PASSWORD}); wins over
 *     {@code passwordFile}; never logged
 */
record MqttSettings(
    NodeIdentity node,
    String host,
    int port,
    String username,
    String password,
    String passwordFile,
    boolean tls,
    String caFile,
    String prefix,
    String discoveryPrefix,
    String clientId,
    int keepAliveSeconds,
    int cameraImageEverySeconds,
    int reconnectMaxSeconds) {

  static final String SECTION = "mqtt";

  /** @throws ConfigException naming the setting that is missing or invalid */
  static MqttSettings from(JsonObject config) {
    NodeIdentity node = NodeIdentity.of(config);
    // As every verticle: the launcher hands over the section's keys, plus the node's identity.
    ConfigReader mqtt = new ConfigReader(config, SECTION);
    // The launcher decides on it; checked here too, so that a typo fails wherever the section is read.
    mqtt.bool("enabled", false);
    String host = mqtt.string("host", "localhost").trim();
    if (host.isEmpty()) {
      throw new ConfigException(mqtt.path("host") + " is required: the broker's host name or address");
    }
    int port = (int) mqtt.integer("port", 1883, 1, 65535);
    String username = mqtt.string("username", "");
    String password = mqtt.string("password", "");
    String passwordFile = mqtt.string("passwordFile", "").trim();
    if (username.isEmpty() && (!password.isEmpty() || !passwordFile.isEmpty())) {
      // MQTT 3.1.1 has no password without a user name.
      throw new ConfigException(mqtt.path("username") + " is empty, but a password is set ("
          + (password.isEmpty() ? mqtt.path("passwordFile") : "PISTREAM_MQTT_PASSWORD") + "): the broker needs both");
    }
    boolean tls = mqtt.bool("tls", false);
    String caFile = mqtt.string("caFile", "").trim();
    if (!tls && !caFile.isEmpty()) {
      throw new ConfigException(mqtt.path("caFile") + " is set, but " + mqtt.path("tls") + " is false: set tls: true to use it");
    }
    String prefix = topicPrefix(mqtt, "prefix", "pistream");
    String discoveryPrefix = topicPrefix(mqtt, "discoveryPrefix", "homeassistant");
    String clientId = mqtt.string("clientId", "").trim();
    if (clientId.isEmpty()) {
      clientId = "pistream-" + node.id();
    }
    if (clientId.length() > 128 || clientId.chars().anyMatch(c -> c <= ' ')) {
      throw new ConfigException(mqtt.path("clientId") + " must be at most 128 characters without spaces, got '" + clientId + "'");
    }
    int keepAlive = (int) mqtt.integer("keepAliveSeconds", 30, 5, 3600);
    int imageEvery = (int) mqtt.integer("cameraImageEverySeconds", 60, 0, 86400);
    int reconnectMax = (int) mqtt.integer("reconnectMaxSeconds", 60, 1, 3600);
    return new MqttSettings(node, host, port, username, password, passwordFile, tls, caFile, prefix, discoveryPrefix, clientId,
        keepAlive, imageEvery, reconnectMax);
  }

  /** A topic prefix: one or more levels, no wildcards, no empty level, since it starts every topic. */
  private static String topicPrefix(ConfigReader mqtt, String key, String fallback) {
    String value = mqtt.string(key, fallback).trim();
    if (value.isEmpty() || value.startsWith("/") || value.endsWith("/") || value.contains("//")
        || value.contains("+") || value.contains("#") || value.startsWith("$") || value.chars().anyMatch(c -> c <= ' ')) {
      throw new ConfigException(mqtt.path(key) + " must be topic levels separated by '/', without '+', '#', spaces, a leading '$'"
          + " or empty levels, got '" + value + "'");
    }
    return value;
  }

  boolean hasLogin() {
    return !username.isEmpty();
  }

  /** Where the broker is, for log lines. */
  String broker() {
    return (tls ? "mqtts://" : "mqtt://") + host + ":" + port;
  }

  @Override
  public String toString() {
    // The record's own toString would print the password.
    return "MqttSettings[" + broker() + ", user '" + username + "', client " + clientId + ", prefix " + prefix
        + ", discovery " + discoveryPrefix + "]";
  }
}
