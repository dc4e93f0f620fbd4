package io.pistream.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class NodeIdentityTest {

  private static JsonObject withNode(JsonObject node) {
    return new JsonObject().put("node", node);
  }

  @Test
  void theNodeIdDefaultsToTheSanitizedHostName() {
    NodeIdentity node = NodeIdentity.resolve(withNode(new JsonObject().put("id", "")), "Greenhouse_Pi.local");
    assertThat(node.id()).isEqualTo("greenhouse-pi-local");
    assertThat(node.name()).isEqualTo("greenhouse-pi-local");
  }

  @Test
  void aHostNameWithNothingUsableBecomesLocal() {
    assertThat(NodeIdentity.resolve(new JsonObject(), "__").id()).isEqualTo("local");
  }

  @Test
  void aConfiguredNodeIdMustBeUrlSafe() {
    assertThat(NodeIdentity.resolve(withNode(new JsonObject().put("id", "shed-2").put("name", "Shed")), "host").name())
        .isEqualTo("Shed");
    assertThatThrownBy(() -> NodeIdentity.resolve(withNode(new JsonObject().put("id", "Shed 2")), "host"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("node.id must be lower-case letters, digits and '-'")
        .hasMessageContaining("'Shed 2'");
  }

  @Test
  void aVerticleRequiresTheIdentityTheLauncherHandsIt() {
    assertThatThrownBy(() -> NodeIdentity.of(new JsonObject().put("port", 8080)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("node.id is required");
    NodeIdentity node = NodeIdentity.of(withNode(new NodeIdentity("hub", "").toJson()));
    assertThat(node).isEqualTo(new NodeIdentity("hub", "hub"));
  }
}
