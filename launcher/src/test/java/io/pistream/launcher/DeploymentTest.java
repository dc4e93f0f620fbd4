package io.pistream.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pistream.contracts.ConfigException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.EnumSet;
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
  void alertsComeAfterWeb() {
    Deployment deployment = withNode(new JsonObject().put("roles", new JsonArray().add("alerts").add("web").add("storage")));
    assertThat(deployment.roles()).containsExactly(NodeRole.STORAGE, NodeRole.WEB, NodeRole.ALERTS);
  }

  @Test
  void alertsKeepTheirStateInStoragesDataDirUnlessGivenTheirOwn() {
    JsonObject config = new JsonObject()
        .put("storage", new JsonObject().put("dataDir", "/var/lib/pistream"))
        .put("alerts", new JsonObject().put("dataDir", ""));
    assertThat(new Deployment(config).section("alerts").getString("dataDir")).isEqualTo("/var/lib/pistream");
    config.getJsonObject("alerts").put("dataDir", "/srv/alerts");
    assertThat(new Deployment(config).section("alerts").getString("dataDir")).isEqualTo("/srv/alerts");
    // The launcher's fill-in goes into the copy handed to the verticle, not into the config itself.
    assertThat(config.getJsonObject("alerts").getString("dataDir")).isEqualTo("/srv/alerts");
  }

  @Test
  void camerasKeepTheirHistoryPicturesInStoragesDataDirUnlessGivenTheirOwn() {
    JsonObject config = new JsonObject()
        .put("storage", new JsonObject().put("dataDir", "/var/lib/pistream"))
        .put("camera", new JsonObject().put("dataDir", ""));
    assertThat(new Deployment(config).section("camera").getString("dataDir")).isEqualTo("/var/lib/pistream");
    config.getJsonObject("camera").put("dataDir", "/srv/pictures");
    assertThat(new Deployment(config).section("camera").getString("dataDir")).isEqualTo("/srv/pictures");
    assertThat(new Deployment(new JsonObject()).section("camera").getString("dataDir")).isEqualTo("./data");
  }

  @Test
  void mqttRunsWhereItIsEnabledAndTheNodeHasSensorsOrCameras() {
    JsonObject config = new JsonObject().put("mqtt", new JsonObject().put("enabled", true));
    Deployment deployment = new Deployment(config);
    assertThat(deployment.mqttBridged(EnumSet.of(NodeRole.SENSOR))).isTrue();
    assertThat(deployment.mqttBridged(EnumSet.of(NodeRole.CAMERA, NodeRole.WEB))).isTrue();
    assertThat(deployment.mqttBridged(EnumSet.of(NodeRole.STORAGE, NodeRole.WEB, NodeRole.ALERTS))).isFalse();
    config.getJsonObject("mqtt").put("enabled", false);
    assertThat(deployment.mqttBridged(EnumSet.allOf(NodeRole.class))).isFalse();
    assertThat(new Deployment(new JsonObject()).mqttBridged(EnumSet.allOf(NodeRole.class))).isFalse();
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
