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

  @Test
  void theNodeIdDefaultsToTheSanitizedHostName() {
    JsonObject node = withNode(new JsonObject().put("id", "")).nodeIdentity("Greenhouse_Pi.local");
    assertThat(node.getString("id")).isEqualTo("greenhouse-pi-local");
    assertThat(node.getString("name")).isEqualTo("greenhouse-pi-local");
  }

  @Test
  void aConfiguredNodeIdMustBeUrlSafe() {
    assertThat(withNode(new JsonObject().put("id", "shed-2").put("name", "Shed")).nodeIdentity("host").getString("name"))
        .isEqualTo("Shed");
    assertThatThrownBy(() -> withNode(new JsonObject().put("id", "Shed 2")).nodeIdentity("host"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("node.id");
  }
}
