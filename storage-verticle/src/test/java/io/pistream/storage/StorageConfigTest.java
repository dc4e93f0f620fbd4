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

  @Test
  void antiEntropyComparesEveryMinuteAndNeverFurtherBackThanTheRawRetention() {
    JsonObject defaults = new JsonObject();
    AntiEntropyConfig config = AntiEntropyConfig.from(defaults, StorageConfig.from(defaults));
    assertThat(config.everyMs()).isEqualTo(60_000);
    assertThat(config.windowMs()).isEqualTo(30 * 86_400_000L);
    assertThat(config.settleMs()).as("10 s plus two flush windows").isEqualTo(10_000 + 2 * StorageConfig.from(defaults).flushEveryMillis());
    JsonObject shortRetention = new JsonObject().put("retentionDays", 7).put("antiEntropy", new JsonObject().put("windowDays", 90));
    assertThat(AntiEntropyConfig.from(shortRetention, StorageConfig.from(shortRetention)).windowMs()).isEqualTo(7 * 86_400_000L);
    JsonObject forever = new JsonObject().put("retentionDays", 0).put("antiEntropy", new JsonObject().put("windowDays", 90));
    assertThat(AntiEntropyConfig.from(forever, StorageConfig.from(forever)).windowMs()).isEqualTo(90 * 86_400_000L);
    JsonObject never = new JsonObject().put("antiEntropy", new JsonObject().put("everySeconds", 0));
    assertThatThrownBy(() -> AntiEntropyConfig.from(never, StorageConfig.from(never)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("storage.antiEntropy.everySeconds");
  }
}
