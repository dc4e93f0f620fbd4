package io.pistream.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.ConfigException;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class SchemaMigrationTest {

  @TempDir
  Path dir;

  @Test
  void createsTheDirectoryAndTheNewestSchemaInWalMode(Vertx vertx, VertxTestContext ctx) {
    StorageHarness storage = new StorageHarness(vertx, dir.resolve("not/yet/there"));
    storage.deploy(storage.config())
        .compose(id -> storage.sql("PRAGMA user_version"))
        .compose(version -> storage.sql("PRAGMA journal_mode").map(mode -> version.get(0).copy().mergeIn(mode.get(0))))
        .compose(pragmas -> storage.sql("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .map(tables -> pragmas.put("tables", tables.stream().map(t -> t.getString("name")).toList())))
        .onComplete(ctx.succeeding(found -> ctx.verify(() -> {
          assertThat(found.getInteger("user_version")).isEqualTo(SchemaMigrator.latestVersion());
          assertThat(found.getString("journal_mode")).isEqualTo("wal");
          assertThat(found.getJsonArray("tables").stream().map(String::valueOf).toList()).containsExactly(
              "readings_day", "readings_digest", "readings_hour", "readings_minute", "readings_raw", "sensors");
          ctx.completeNow();
        })));
  }

  @Test
  void restartKeepsDataAndDoesNotMigrateAgain(Vertx vertx, VertxTestContext ctx) {
    StorageHarness storage = new StorageHarness(vertx, dir);
    storage.deploy(storage.config())
        .compose(id -> {
          storage.store(StorageHarness.reading("s1", StorageHarness.T0, 20, 50));
          return storage.request(io.pistream.contracts.Addresses.STORAGE_SENSORS, new io.vertx.core.json.JsonObject())
              .compose(barrier -> vertx.undeploy(id));
        })
        .compose(v -> storage.deploy(storage.config()))
        .compose(id -> storage.rawCount())
        .onComplete(ctx.succeeding(count -> ctx.verify(() -> {
          assertThat(count).isEqualTo(1);
          ctx.completeNow();
        })));
  }

  @Test
  void refusesADatabaseWrittenByANewerVersion(Vertx vertx, VertxTestContext ctx) throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(StorageConfig.DATABASE_FILE));
        Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA user_version = 99");
    }
    StorageHarness storage = new StorageHarness(vertx, dir);
    storage.deploy(storage.config()).onComplete(ctx.failing(e -> ctx.verify(() -> {
      assertThat(e).isInstanceOf(SchemaTooNewException.class)
          .hasMessageContaining("schema version 99")
          .hasMessageContaining("newer pistream")
          .hasMessageContaining("storage.dataDir");
      ctx.completeNow();
    })));
  }

  @Test
  void aDataDirThatCannotBeCreatedNamesTheSetting(Vertx vertx, VertxTestContext ctx) throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
    StorageHarness storage = new StorageHarness(vertx, file.resolve("data"));
    storage.deploy(storage.config()).onComplete(ctx.failing(e -> ctx.verify(() -> {
      assertThat(e).isInstanceOf(ConfigException.class).hasMessageContaining("storage.dataDir");
      ctx.completeNow();
    })));
  }

  @Test
  void anInvalidSettingFailsTheStart(Vertx vertx, VertxTestContext ctx) {
    StorageHarness storage = new StorageHarness(vertx, dir);
    storage.deploy(storage.config().put("flushEveryMillis", "soon")).onComplete(ctx.failing(e -> ctx.verify(() -> {
      assertThat(e).isInstanceOf(ConfigException.class).hasMessageContaining("storage.flushEveryMillis");
      ctx.completeNow();
    })));
  }
}
