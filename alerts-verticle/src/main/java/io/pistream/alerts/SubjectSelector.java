package io.pistream.alerts;

import io.pistream.contracts.ConfigException;
import io.pistream.contracts.Ids;

/**
 * Which subjects a rule watches: {@code *} (all), an id (on any node), or {@code node/id}. For node and
 * storage rules the subject is a node, so only {@code *} or a node id.
 *
 * @param node the node part, null for any node
 * @param id the id part, null for any id
 */
record SubjectSelector(String node, String id) {

  static final SubjectSelector ANY = new SubjectSelector(null, null);

  /** @throws ConfigException naming {@code path} when {@code text} is not a selector */
  static SubjectSelector parse(String text, boolean withinNode, String path) {
    if (text.equals("*")) {
      return ANY;
    }
    int slash = text.indexOf('/');
    if (withinNode && slash >= 0) {
      String node = text.substring(0, slash);
      String id = text.substring(slash + 1);
      if (!Ids.valid(node) || !Ids.valid(id)) {
        throw new ConfigException(path + " must be '*', an id or node/id, each part " + Ids.DESCRIPTION + ", got '" + text + "'");
      }
      return new SubjectSelector(node, id);
    }
    if (!Ids.valid(text)) {
      throw new ConfigException(path + " must be '*' or " + (withinNode ? "an id or node/id" : "a node id") + " ("
          + Ids.DESCRIPTION + "), got '" + text + "'");
    }
    return withinNode ? new SubjectSelector(null, text) : new SubjectSelector(text, null);
  }

  boolean matches(String node, String id) {
    return (this.node == null || this.node.equals(node)) && (this.id == null || this.id.equals(id));
  }

  boolean matchesNode(String node) {
    return this.node == null || this.node.equals(node);
  }

  @Override
  public String toString() {
    if (node == null && id == null) {
      return "*";
    }
    if (node == null) {
      return id;
    }
    return id == null ? node : node + "/" + id;
  }
}
