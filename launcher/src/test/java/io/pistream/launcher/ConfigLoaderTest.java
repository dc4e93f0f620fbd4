package io.pistream.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pistream.contracts.ConfigException;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class ConfigLoaderTest {

  @TempDir
  Path dir;

  @Test
  void packedDefaultsApplyWhenTheOptionalFileIsAbsent(Vertx vertx) {
    JsonObject config = new ConfigLoader(vertx).load(dir.resolve("absent.yaml"), false, Map.of()).await();
    assertThat(config.getJsonObject("http").getString("host")).isEqualTo("127.0.0.1");
    assertThat(config.getJsonObject("node").getJsonArray("roles")).contains("storage", "sensor", "camera", "web");
  }

  @Test
  void aUserFileOverridesOnlyWhatItNamesAndTheEnvironmentWins(Vertx vertx) throws Exception {
    Path file = dir.resolve("my.yaml");
    Files.writeString(file, "http:\n  port: 9090\nstorage:\n  dataDir: /tmp/elsewhere\n");
    JsonObject config = new ConfigLoader(vertx).load(file, true, Map.of("PISTREAM_STORAGE_DATADIR", "/srv/pistream")).await();
    assertThat(config.getJsonObject("http").getInteger("port")).isEqualTo(9090);
    assertThat(config.getJsonObject("http").getString("host")).isEqualTo("127.0.0.1");
    assertThat(config.getJsonObject("storage").getString("dataDir")).isEqualTo("/srv/pistream");
  }

  @Test
  void aNamedFileThatDoesNotExistStopsTheStart(Vertx vertx) {
    Path missing = dir.resolve("missing.yaml");
    assertThatThrownBy(() -> new ConfigLoader(vertx).load(missing, true, Map.of()).await())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("missing.yaml does not exist");
  }

  @Test
  void brokenYamlIsReportedWithTheFileName(Vertx vertx) throws Exception {
    Path file = dir.resolve("broken.yaml");
    Files.writeString(file, "http:\n  port: [unclosed\n");
    assertThatThrownBy(() -> new ConfigLoader(vertx).load(file, true, Map.of()).await())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("broken.yaml");
  }
}
