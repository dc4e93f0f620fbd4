package io.pistream.launcher;

import io.pistream.contracts.ConfigException;
import io.pistream.contracts.ConfigReader;
import io.pistream.contracts.ConfigSections;
import io.pistream.contracts.NodeIdentity;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys this node's verticles, one after the other, each with its own config section plus the node's
 * identity under {@code node}, then the MQTT bridge where it is enabled and the node has sensors or
 * cameras, then the machine's health and the node's presence heartbeats. Fails with the first verticle that refuses to start.
 */
final class Deployment {

  private static final Logger log = LoggerFactory.getLogger(Deployment.class);
  static final String MQTT_VERTICLE = "io.pistream.mqtt.MqttVerticle";

  private final JsonObject config;

  Deployment(JsonObject config) {
    this.config = config;
  }

  Future<List<String>> deploy(Vertx vertx, String fallbackNodeId, String version) {
    JsonObject node;
    Set<NodeRole> roles;
    try {
      roles = roles();
      // The roles travel with the identity: health checks know whether this node's storage must report.
      node = NodeIdentity.resolve(config, fallbackNodeId).toJson()
          .put("roles", new JsonArray(roles.stream().map(NodeRole::wire).toList()));
    } catch (ConfigException e) {
      return Future.failedFuture(e);
    }
    List<String> ids = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (NodeRole role : roles) {
      JsonObject section = section(role.section).put(NodeIdentity.KEY, node);
      chain = chain.compose(v -> deploy(vertx, role.wire(), role.verticleClass, section, ids));
    }
    if (mqttBridged(roles)) {
      JsonObject section = section(ConfigSections.MQTT).put(NodeIdentity.KEY, node);
      chain = chain.compose(v -> deploy(vertx, "mqtt", MQTT_VERTICLE, section, ids));
    }
    JsonObject health = new JsonObject()
        .put(NodeIdentity.KEY, node.copy().put("healthEverySeconds",
            config.getJsonObject(NodeIdentity.KEY, new JsonObject()).getValue("healthEverySeconds", 10)))
        .put("dataDir", config.getJsonObject(ConfigSections.STORAGE, new JsonObject()).getString("dataDir", "./data"))
        .put("sys", config.getJsonObject(NodeIdentity.KEY, new JsonObject()).getString("sys", "/sys"));
    chain = chain.compose(v -> deploy(vertx, "machine health", NodeHealthVerticle.class.getName(), health, ids));
    if (!roles.contains(NodeRole.WEB)) {
      JsonObject section = section(ConfigSections.HTTP).put(NodeIdentity.KEY, node);
      chain = chain.compose(v -> deploy(vertx, "ops http", OpsHttpVerticle.class.getName(), section, ids));
    }
    JsonObject presence = new JsonObject()
        .put("node", node.copy()
            .put("roles", new JsonArray(roles.stream().map(NodeRole::wire).toList()))
            .put("presenceEverySeconds", config.getJsonObject("node", new JsonObject()).getValue("presenceEverySeconds", 2)))
        .put("version", version);
    return chain
        .compose(v -> vertx.deployVerticle(NodePresenceVerticle.class.getName(), new DeploymentOptions().setConfig(presence)))
        .map(id -> {
          ids.add(id);
          return ids;
        });
  }

  private static Future<Void> deploy(Vertx vertx, String what, String verticleClass, JsonObject config, List<String> ids) {
    return vertx.deployVerticle(verticleClass, new DeploymentOptions().setConfig(config)).map(id -> {
      log.info("{} started", what);
      ids.add(id);
      return null;
    });
  }

  /** A copy of one config section, with what the launcher fills in for it. */
  JsonObject section(String name) {
    JsonObject section = config.getJsonObject(name, new JsonObject()).copy();
    if ((name.equals(ConfigSections.ALERTS) || name.equals(ConfigSections.CAMERA)) && section.getString("dataDir", "").isBlank()) {
      // One data directory for the node unless the user splits it.
      section.put("dataDir", config.getJsonObject(ConfigSections.STORAGE, new JsonObject()).getString("dataDir", "./data"));
    }
    return section;
  }

  /** MQTT speaks for a node's own sensors and cameras: nodes without them have nothing to publish. */
  boolean mqttBridged(Set<NodeRole> roles) {
    boolean enabled = new ConfigReader(config, "").section(ConfigSections.MQTT).bool("enabled", false);
    return enabled && (roles.contains(NodeRole.SENSOR) || roles.contains(NodeRole.CAMERA));
  }

  Set<NodeRole> roles() {
    ConfigReader node = new ConfigReader(config, "").section("node");
    JsonArray names = node.list("roles");
    if (names.isEmpty()) {
      throw new ConfigException("node.roles must name at least one of " + allRoleNames());
    }
    Set<NodeRole> roles = EnumSet.noneOf(NodeRole.class);
    for (Object name : names) {
      NodeRole role = Arrays.stream(NodeRole.values())
          .filter(r -> r.wire().equals(String.valueOf(name)))
          .findFirst()
          .orElseThrow(() -> new ConfigException("node.roles: unknown role '" + name + "', expected " + allRoleNames()));
      roles.add(role);
    }
    return roles;
  }

  private static String allRoleNames() {
    return String.join(", ", Arrays.stream(NodeRole.values()).map(NodeRole::wire).toList());
  }
}
