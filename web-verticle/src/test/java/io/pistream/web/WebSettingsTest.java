package io.pistream.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pistream.contracts.ConfigException;
import io.vertx.core.json.JsonObject;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebSettingsTest {

  @Test
  void defaults() {
    WebSettings settings = WebSettings.from(new JsonObject().put("host", "127.0.0.1"));

    assertThat(settings.port()).isEqualTo(8080);
    assertThat(settings.timeZone()).isEqualTo(ZoneId.systemDefault());
    assertThat(settings.requestTimeoutMs()).isEqualTo(5000);
  }

  @Test
  void everySettingIsRead() {
    WebSettings settings = WebSettings.from(new JsonObject()
        .put("host", "0.0.0.0").put("port", 0).put("timeZone", "Asia/Tokyo").put("requestTimeoutMs", "250")
        .put("stream", new JsonObject().put("maxConnections", 7))
        .put("limits", new JsonObject().put("headerTimeoutSeconds", 3).put("bodyTimeoutSeconds", 20).put("maxRequestLineBytes", 2048)
            .put("maxHeaderBytes", 4096)));

    assertThat(settings).isEqualTo(new WebSettings("0.0.0.0", 0, ZoneId.of("Asia/Tokyo"), 250, new TcpBridgeSettings(false, "127.0.0.1", 7000),
        CameraStreamSettings.from(new JsonObject().put("maxConnections", 7)), AuthSettings.none(), "'none'", TlsSettings.OFF, TrustedProxies.NONE, List.of(),
        new HttpLimits(3, 20, 2048, 4096)));
  }

  @Test
  void aBadStreamSettingFailsTheWholeSectionAtStartWithItsFullPath() {
    assertThatThrownBy(() -> WebSettings.from(new JsonObject().put("host", "h").put("stream", new JsonObject().put("queueFrames", 99))))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("http.stream.queueFrames must be between 1 and 8");
    assertThatThrownBy(() -> WebSettings.from(new JsonObject().put("host", "h").put("stream", "fast")))
        .isInstanceOf(ConfigException.class).hasMessage("http.stream must be a section (key: value pairs)");
  }

  @Test
  void hostIsRequired() {
    assertThatThrownBy(() -> WebSettings.from(new JsonObject().put("host", " ")))
        .isInstanceOf(ConfigException.class).hasMessage("http.host is required");
  }

  @Test
  void portOutOfRangeNamesTheSetting() {
    assertThatThrownBy(() -> WebSettings.from(new JsonObject().put("host", "h").put("port", 70_000)))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("http.port must be between 0 and 65535");
  }

  @Test
  void unknownZoneNamesTheSetting() {
    assertThatThrownBy(() -> WebSettings.from(new JsonObject().put("host", "h").put("timeZone", "Mars/Olympus")))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("http.timeZone must be a zone id").hasMessageContaining("Mars/Olympus");
  }

  @Test
  void requestTimeoutOutOfRangeNamesTheSetting() {
    assertThatThrownBy(() -> WebSettings.from(new JsonObject().put("host", "h").put("requestTimeoutMs", 0)))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("http.requestTimeoutMs must be between 50 and 600000");
  }
}
