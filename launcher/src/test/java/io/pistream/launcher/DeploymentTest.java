package io.pistream.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pistream.contracts.ConfigException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class DeploymentTest {

  private static Deployment withNode(JsonObject node) {
    return new Deployment(new JsonObject().put("node", node));
  }

  @Test
  void rolesAreDeployedStorageFirstAndWebLast() {
    Deployment deployment = withNode(new JsonObject().put("roles", new JsonArray().add("web").add("sensor").add("storage")));
    assertThat(deployment.roles()).containsExactly(NodeRole.STORAGE, NodeRole.SENSOR, NodeRole.WEB);
  }

  @Test
  void anUnknownRoleIsNamed() {
    assertThatThrownBy(() -> withNode(new JsonObject().put("roles", new JsonArray().add("database"))).roles())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("node.roles: unknown role 'database'");
  }

  @Test
  void noRoleAtAllIsRefused() {
    assertThatThrownBy(() -> withNode(new JsonObject().put("roles", new JsonArray())).roles())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("node.roles must name at least one");
  }
}
