package io.pistream.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pistream.contracts.ConfigException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class CameraStreamSettingsTest {

  @Test
  void defaultsWhenTheSectionIsEmpty() {
    CameraStreamSettings settings = CameraStreamSettings.from(new JsonObject());

    assertThat(settings).isEqualTo(new CameraStreamSettings("", 100, 300, 10, 10, 10, 10, 2));
  }

  @Test
  void anInvalidValueNamesItsFullPath() {
    assertThatThrownBy(() -> CameraStreamSettings.from(new JsonObject().put("maxConnections", 0)))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("http.stream.maxConnections must be between 1 and");
    assertThatThrownBy(() -> CameraStreamSettings.from(new JsonObject().put("uplinkMbps", "fast")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("http.stream.uplinkMbps must be a number");
  }
}
