package io.pistream.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pistream.contracts.ConfigException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

class HistorySettingsTest {

  private static CameraConfig parse(JsonObject history) {
    return CameraConfig.parse(new JsonObject().put("cameras", new JsonArray()
        .add(new JsonObject().put("id", "cam0"))
        .add(new JsonObject().put("id", "bedroom").put("history", history))));
  }

  @Test
  void thePackedDefaultsKeepNoPicturesAndDocumentTheLimits() throws IOException {
    Map<String, Object> yaml = new Yaml().load(Files.readString(Path.of("../conf/config.yaml")));
    CameraConfig config = CameraConfig.parse(new JsonObject(yaml).getJsonObject("camera"));

    HistorySettings cam0 = config.cameras().get(0).history();
    assertThat(cam0.enabled()).isFalse();
    assertThat(cam0).isEqualTo(HistorySettings.OFF);
    assertThat(config.historyDirectory("n1", "cam0")).isEqualTo(Path.of("./data/camera-history/n1/cam0"));
  }

  @Test
  void aCameraWithoutHistoryKeepsNone() {
    assertThat(parse(new JsonObject()).cameras().get(0).history().enabled()).isFalse();
  }

  @Test
  void theSettingsAndTheirDefaults() {
    HistorySettings history = parse(new JsonObject().put("everyMinutes", 10)).cameras().get(1).history();
    assertThat(history).isEqualTo(new HistorySettings(10, 640, 500L * 1024 * 1024, 24 * 3_600_000L, 365 * 86_400_000L));
    assertThat(history.everyMs()).isEqualTo(600_000);

    HistorySettings custom = parse(new JsonObject().put("everyMinutes", 5).put("width", 320).put("maxMegabytes", 20)
        .put("keepAllHours", 48).put("keepHourlyDays", 30)).cameras().get(1).history();
    assertThat(custom).isEqualTo(new HistorySettings(5, 320, 20L * 1024 * 1024, 48 * 3_600_000L, 30 * 86_400_000L));
  }

  @Test
  void wrongValuesNameTheirFullPath() {
    assertThatThrownBy(() -> parse(new JsonObject().put("everyMinutes", 2000)))
        .isInstanceOf(ConfigException.class)
        .hasMessage("camera.cameras[1].history.everyMinutes must be between 0 and 1440, got 2000");
    assertThatThrownBy(() -> parse(new JsonObject().put("everyMinutes", 10).put("width", 8)))
        .hasMessage("camera.cameras[1].history.width must be between 16 and 8192, got 8");
    assertThatThrownBy(() -> parse(new JsonObject().put("everyMinutes", 10).put("maxMegabytes", 0)))
        .hasMessage("camera.cameras[1].history.maxMegabytes must be between 1 and 1000000, got 0");
    assertThatThrownBy(() -> parse(new JsonObject().put("everyMinutes", 10).put("keepAllHours", 1.5)))
        .hasMessage("camera.cameras[1].history.keepAllHours must be a whole number, got 1.5");
    assertThatThrownBy(() -> parse(new JsonObject().put("everyMinute", 10)))
        .hasMessage("camera.cameras[1].history.everyMinute is not a setting; expected one of everyMinutes, keepAllHours, keepHourlyDays,"
            + " maxMegabytes, width");
    assertThatThrownBy(() -> CameraConfig.parse(new JsonObject().put("cameras", new JsonArray()
        .add(new JsonObject().put("id", "cam0").put("history", 10)))))
        .hasMessage("camera.cameras[0].history must be a section (key: value pairs)");
  }

  @Test
  void theDataDirHoldsADirectoryPerNodeAndCamera() {
    CameraConfig config = CameraConfig.parse(new JsonObject().put("dataDir", "/var/lib/pistream")
        .put("cameras", new JsonArray().add(new JsonObject().put("id", "cam0"))));
    assertThat(config.historyDirectory("hub", "cam0")).isEqualTo(Path.of("/var/lib/pistream/camera-history/hub/cam0"));
  }
}
