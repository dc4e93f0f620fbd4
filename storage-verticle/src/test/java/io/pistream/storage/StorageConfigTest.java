package io.pistream.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pistream.contracts.ConfigException;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StorageConfigTest {

  @Test
  void defaultsMatchTheDocumentedOnes() {
    StorageConfig config = StorageConfig.from(new JsonObject());
    assertThat(config.dataDir()).isEqualTo(Path.of("./data"));
    assertThat(config.flushEveryReadings()).isEqualTo(5000);
    assertThat(config.flushEveryMillis()).isEqualTo(720_000);
    assertThat(config.retentionDays()).isEqualTo(30);
    assertThat(config.synchronous()).isEqualTo("full");
  }

  @Test
  void invalidValuesNameTheirSetting() {
    assertThatThrownBy(() -> StorageConfig.from(new JsonObject().put("flushEveryReadings", 0)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("storage.flushEveryReadings");
    assertThatThrownBy(() -> StorageConfig.from(new JsonObject().put("retentionDays", -1)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("storage.retentionDays");
    assertThatThrownBy(() -> StorageConfig.from(new JsonObject().put("synchronous", "off")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("storage.synchronous");
    assertThatThrownBy(() -> StorageConfig.from(new JsonObject().put("maxPendingReadings", 10).put("flushEveryReadings", 100)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("storage.maxPendingReadings");
  }
}
