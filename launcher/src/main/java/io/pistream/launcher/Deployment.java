package io.pistream.launcher;

import io.pistream.contracts.ConfigException;
import io.pistream.contracts.ConfigReader;
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
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys this node's verticles, one after the other, each with its own config section plus the node's
 * identity under {@code node}, then the node's presence heartbeat. Fails with the first verticle that
 * refuses to start.
 */
final class Deployment {

  private static final Logger log = LoggerFactory.getLogger(Deployment.class);
  private static final Pattern NODE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  private final JsonObject config;

  Deployment(JsonObject config) {
    this.config = config;
  }

  Future<List<String>> deploy(Vertx vertx, String fallbackNodeId, String version) {
    JsonObject node;
    Set<NodeRole> roles;
    try {
      node = nodeIdentity(fallbackNodeId);
      roles = roles();
    } catch (ConfigException e) {
      return Future.failedFuture(e);
    }
    List<String> ids = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (NodeRole role : roles) {
      JsonObject section = config.getJsonObject(role.section, new JsonObject()).copy().put("node", node);
      chain = chain.compose(v -> vertx.deployVerticle(role.verticleClass, new DeploymentOptions().setConfig(section))
          .map(id -> {
            log.info("{} started", role.wire());
            ids.add(id);
            return null;
          }));
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

  JsonObject nodeIdentity(String fallbackNodeId) {
    ConfigReader node = new ConfigReader(config, "").section("node");
    String id = node.string("id", "");
    if (id.isBlank()) {
      id = sanitize(fallbackNodeId);
    } else if (!NODE_ID.matcher(id).matches()) {
      throw new ConfigException("node.id must be lower-case letters, digits and '-', got '" + id + "'");
    }
    String name = node.string("name", "");
    return new JsonObject().put("id", id).put("name", name.isBlank() ? id : name);
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

  static String sanitize(String hostname) {
    String id = hostname.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("^-+", "");
    if (id.isEmpty()) {
      return "local";
    }
    return id.length() > 63 ? id.substring(0, 63) : id;
  }
}
