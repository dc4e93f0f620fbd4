package io.pistream.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pistream.contracts.ConfigException;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class MqttSettingsTest {

  @TempDir
  Path dir;

  static JsonObject config(JsonObject mqtt) {
    return mqtt.copy().put("node", new JsonObject().put("id", "node-a"));
  }

  static MqttSettings settings(JsonObject mqtt) {
    return MqttSettings.from(config(mqtt));
  }

  @Test
  void defaults() {
    MqttSettings settings = settings(new JsonObject());
    assertThat(settings.host()).isEqualTo("localhost");
    assertThat(settings.port()).isEqualTo(1883);
    assertThat(settings.username()).isEmpty();
    assertThat(settings.tls()).isFalse();
    assertThat(settings.prefix()).isEqualTo("pistream");
    assertThat(settings.discoveryPrefix()).isEqualTo("homeassistant");
    assertThat(settings.clientId()).isEqualTo("pistream-node-a");
    assertThat(settings.keepAliveSeconds()).isEqualTo(30);
    assertThat(settings.cameraImageEverySeconds()).isEqualTo(60);
    assertThat(settings.reconnectMaxSeconds()).isEqualTo(60);
  }

  @Test
  void invalidValuesNameTheirSetting() {
    assertThatThrownBy(() -> settings(new JsonObject().put("port", 0)))
        .isInstanceOf(ConfigException.class).hasMessage("mqtt.port must be between 1 and 65535, got 0");
    assertThatThrownBy(() -> settings(new JsonObject().put("prefix", "home/#")))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("mqtt.prefix must be topic levels");
    assertThatThrownBy(() -> settings(new JsonObject().put("discoveryPrefix", "ha/")))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("mqtt.discoveryPrefix must be topic levels");
    assertThatThrownBy(() -> settings(new JsonObject().put("caFile", "/etc/ca.pem")))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("mqtt.caFile is set, but mqtt.tls is false");
    assertThatThrownBy(() -> settings(new JsonObject().put("passwordFile", "/etc/pw")))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("mqtt.username is empty, but a password is set (mqtt.passwordFile)");
    assertThatThrownBy(() -> settings(new JsonObject().put("tls", "yes")))
        .isInstanceOf(ConfigException.class).hasMessage("mqtt.tls must be true or false, got 'yes'");
    assertThatThrownBy(() -> settings(new JsonObject().put("cameraImageEverySeconds", -1)))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("mqtt.cameraImageEverySeconds must be between 0 and 86400");
    assertThatThrownBy(() -> MqttSettings.from(new JsonObject()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("node.id");
  }

  @Test
  void thePasswordIsNeverInTheSettingsText() {
    MqttSettings settings = settings(new JsonObject().put("username", "u").put("password", "sekrit-123"));
    assertThat(settings.toString()).doesNotContain("sekrit-123");
    assertThat(BrokerFiles.read(settings).toString()).doesNotContain("sekrit-123");
  }

  @Test
  void unusableFilesFailTheDeploymentNamingTheSetting(Vertx vertx) throws Exception {
    Path notPem = Files.writeString(dir.resolve("ca.pem"), "not a certificate");
    Throwable badCa = deployFailure(vertx, new JsonObject().put("tls", true).put("caFile", notPem.toString()));
    assertThat(badCa).isInstanceOf(ConfigException.class).hasMessageStartingWith("mqtt.caFile " + notPem + " must hold PEM certificates");
    Throwable noPasswordFile = deployFailure(vertx, new JsonObject().put("username", "u").put("passwordFile", dir.resolve("missing").toString()));
    assertThat(noPasswordFile).isInstanceOf(ConfigException.class).hasMessageStartingWith("mqtt.passwordFile cannot be read");
    Throwable badPort = deployFailure(vertx, new JsonObject().put("port", "many"));
    assertThat(badPort).isInstanceOf(ConfigException.class).hasMessage("mqtt.port must be a number, got 'many'");
  }

  static Throwable deployFailure(Vertx vertx, JsonObject mqtt) {
    try {
      vertx.deployVerticle(new MqttVerticle(), new DeploymentOptions().setConfig(config(mqtt))).timeout(20, TimeUnit.SECONDS).await();
    } catch (Throwable failure) {
      return failure;
    }
    throw new AssertionError("the deployment succeeded with " + mqtt);
  }
}
