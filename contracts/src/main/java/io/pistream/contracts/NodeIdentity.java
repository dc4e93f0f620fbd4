package io.pistream.contracts;

import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * Who this node is. The launcher settles it once ({@link #resolve}) and hands it to every verticle under
 * {@code node} in its config; verticles read it back with {@link #of}, which requires it, so there is one
 * way to get the node id and no verticle invents a default of its own.
 *
 * @param id the node's id ({@link Ids}): in addresses, stream paths and stored readings
 * @param name display name; the id when none is configured
 */
public record NodeIdentity(String id, String name) {

  /** The key of the identity in a verticle's config and of the node section of the whole config. */
  public static final String KEY = "node";

  public NodeIdentity {
    Ids.require(id, KEY + ".id");
    name = name == null || name.isBlank() ? id : name;
  }

  /**
   * From the whole config's {@code node} section; {@code node.id} may be left out, then the host name
   * made into an id serves.
   *
   * @throws ConfigException when {@code node.id} is set but not a valid id
   */
  public static NodeIdentity resolve(JsonObject config, String hostname) {
    ConfigReader node = new ConfigReader(config, "").section(KEY);
    String id = node.string("id", "");
    return new NodeIdentity(id.isBlank() ? fromHostname(hostname) : id, node.string("name", ""));
  }

  /**
   * From a verticle's config, as the launcher deployed it.
   *
   * @throws ConfigException when the identity is missing or invalid
   */
  public static NodeIdentity of(JsonObject verticleConfig) {
    ConfigReader node = new ConfigReader(verticleConfig, "").section(KEY);
    return new NodeIdentity(node.requiredString("id"), node.string("name", ""));
  }

  /** Host names may hold capitals, dots and underscores; ids may not. */
  static String fromHostname(String hostname) {
    String id = (hostname == null ? "" : hostname).toLowerCase(Locale.ROOT)
        .replaceAll("[^a-z0-9-]", "-")
        .replaceAll("^-+", "");
    if (id.isEmpty()) {
      return "local";
    }
    return id.length() > 63 ? id.substring(0, 63) : id;
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("name", name);
  }
}
