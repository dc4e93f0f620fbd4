package io.pistream.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pistream.contracts.ConfigException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvOverridesTest {

  private JsonObject config() {
    return new JsonObject()
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", 8080))
        .put("storage", new JsonObject().put("dataDir", "./data").put("retentionDays", 30))
        .put("node", new JsonObject().put("roles", new JsonArray().add("storage").add("web")))
        .put("sensor", new JsonObject()
            .put("sensors", new JsonArray().add(new JsonObject().put("id", "ceiling").put("driver", "simulated")))
            .put("enabled", true));
  }

  @Test
  void setsNestedSettingsMatchingCamelCaseNamesCaseInsensitively() {
    JsonObject config = config();
    EnvOverrides.apply(config, Map.of("PISTREAM_HTTP_PORT", "9000", "PISTREAM_STORAGE_DATADIR", "/var/lib/pistream"));
    assertThat(config.getJsonObject("http").getValue("port")).isEqualTo(9000L);
    assertThat(config.getJsonObject("storage").getString("dataDir")).isEqualTo("/var/lib/pistream");
  }

  @Test
  void addressesListItemsByIndex() {
    JsonObject config = config();
    EnvOverrides.apply(config, Map.of("PISTREAM_SENSOR_SENSORS_0_DRIVER", "iio"));
    assertThat(config.getJsonObject("sensor").getJsonArray("sensors").getJsonObject(0).getString("driver")).isEqualTo("iio");
  }

  @Test
  void splitsCommaListsAndParsesBooleans() {
    JsonObject config = config();
    EnvOverrides.apply(config, Map.of("PISTREAM_NODE_ROLES", "sensor, camera", "PISTREAM_SENSOR_ENABLED", "false"));
    assertThat(config.getJsonObject("node").getJsonArray("roles")).containsExactly("sensor", "camera");
    assertThat(config.getJsonObject("sensor").getBoolean("enabled")).isFalse();
  }

  @Test
  void ignoresVariablesOfOtherProgramsAndLauncherVariables() {
    JsonObject config = config();
    JsonObject before = config.copy();
    EnvOverrides.apply(config, Map.of("HOME", "/root", "PISTREAM_CONFIG", "x.yaml", "PISTREAM_LOG_LEVEL", "DEBUG"));
    assertThat(config).isEqualTo(before);
  }

  @Test
  void passwordVariablesAreAcceptedAndFillTheirSectionsKeyThatNoFileDocuments() {
    JsonObject config = config().put("alerts", new JsonObject().put("email", new JsonObject().put("host", "smtp.example.org")));
    EnvOverrides.apply(config, Map.of("PISTREAM_SMTP_PASSWORD", "s3cret smtp", "PISTREAM_MQTT_PASSWORD", "s3cret mqtt"));
    assertThat(config.getJsonObject("alerts").getJsonObject("email").getString("password")).isEqualTo("s3cret smtp");
    assertThat(config.getJsonObject("alerts").getJsonObject("email").getString("host")).isEqualTo("smtp.example.org");
    // No mqtt section in this config yet: the variable makes one rather than failing the start.
    assertThat(config.getJsonObject("mqtt").getString("password")).isEqualTo("s3cret mqtt");
  }

  @Test
  void aTypoNamesTheMissingSetting() {
    assertThatThrownBy(() -> EnvOverrides.apply(config(), Map.of("PISTREAM_HTTP_PROT", "1")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("PISTREAM_HTTP_PROT")
        .hasMessageContaining("http.prot");
  }

  @Test
  void aNonNumberForANumberIsRefused() {
    assertThatThrownBy(() -> EnvOverrides.apply(config(), Map.of("PISTREAM_HTTP_PORT", "eighty")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("PISTREAM_HTTP_PORT must be a number");
  }

  @Test
  void anIndexOutsideTheListIsRefused() {
    assertThatThrownBy(() -> EnvOverrides.apply(config(), Map.of("PISTREAM_SENSOR_SENSORS_3_DRIVER", "iio")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("sensor.sensors is a list of 1");
  }
}
