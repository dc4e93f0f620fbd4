package io.pistream.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.HistoryPoint;
import io.pistream.contracts.HistoryQuery;
import io.pistream.contracts.HistoryResult;
import io.pistream.contracts.SensorKey;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Upgrades from every schema version: each committed fixture ({@link SchemaFixtures}) is opened by
 * today's storage, migrated, checked, and still holds and answers every reading and rollup it held.
 */
@ExtendWith(VertxExtension.class)
class SchemaUpgradeTest {

  private static final List<String> COUNTED = List.of(
      "SELECT count(*) FROM sensors",
      "SELECT count(*) FROM readings_raw",
      "SELECT count(*) || '/' || sum(count) || '/' || sum(temperature_sum) || '/' || sum(humidity_sum) FROM readings_minute",
      "SELECT count(*) || '/' || sum(count) || '/' || sum(temperature_sum) || '/' || sum(humidity_sum) FROM readings_hour",
      "SELECT count(*) || '/' || sum(count) || '/' || sum(temperature_sum) || '/' || sum(humidity_sum) FROM readings_day",
      "SELECT group_concat(node || ':' || sensor || ':' || name || ':' || location || ':' || last_ts, ',') FROM sensors");

  @TempDir
  Path dir;

  static Stream<Integer> versions() {
    return IntStream.rangeClosed(1, SchemaMigrator.latestVersion()).boxed();
  }

  @Test
  void thereIsAFixtureForEverySchemaVersion() {
    versions().forEach(version -> assertThat(fixture(version)).as("fixture of schema version " + version
        + " (SchemaFixtures says how to write it)").exists());
  }

  @ParameterizedTest(name = "schema version {0}")
  @MethodSource("versions")
  void aDatabaseOfThisVersionIsMigratedAndKeepsEverything(int version, Vertx vertx) throws Exception {
    Path database = dir.resolve(StorageConfig.DATABASE_FILE);
    Files.copy(fixture(version), database);
    assertThat(single(database, "PRAGMA user_version")).isEqualTo(String.valueOf(version));
    Map<String, String> before = counts(database);

    StorageHarness storage = new StorageHarness(vertx, dir);
    String id = await(storage.deploy(storage.config()));
    JsonArray sensors = await(storage.request(Addresses.STORAGE_SENSORS, new JsonObject())).getJsonArray("sensors");
    HistoryResult old = await(storage.history(new HistoryQuery(List.of(new SensorKey("pi-one", "s1")),
        SchemaFixtures.OLD_DAY, SchemaFixtures.OLD_DAY + 3 * StorageHarness.DAY, 3, false)));
    HistoryResult recent = await(storage.history(new HistoryQuery(List.of(new SensorKey("pi-one", "s1")),
        StorageHarness.T0, StorageHarness.T0 + 90 * 60_000L, 1000, true)));
    await(vertx.undeploy(id));

    assertThat(single(database, "PRAGMA user_version")).isEqualTo(String.valueOf(SchemaMigrator.latestVersion()));
    assertThat(single(database, "PRAGMA integrity_check")).isEqualTo("ok");
    assertThat(counts(database)).isEqualTo(before);
    // The digests cover exactly the raw readings, whether migration 2 filled them or the writer did.
    assertThat(single(database, "SELECT sum(count) FROM readings_digest")).isEqualTo(before.get(COUNTED.get(1)));
    assertThat(sensors.stream().map(s -> ((JsonObject) s).getString("name")).toList()).containsExactly("Living room", "Garden");
    assertThat(old.series().get(0).points()).extracting(HistoryPoint::count).containsExactly(24L, 24L, 24L);
    assertThat(recent.series().get(0).points()).hasSize(90);
  }

  @Test
  void aDatabaseNewerThanThisCodeIsRefusedAndLeftAsItWas(Vertx vertx) throws Exception {
    Path database = dir.resolve(StorageConfig.DATABASE_FILE);
    Files.copy(fixture(SchemaMigrator.latestVersion()), database);
    int newer = SchemaMigrator.latestVersion() + 1;
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
        Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA user_version = " + newer);
    }
    byte[] bytes = Files.readAllBytes(database);
    StorageHarness storage = new StorageHarness(vertx, dir);
    Throwable refused = await(storage.deploy(storage.config()).<Throwable>map(started -> null).recover(Future::succeededFuture));
    assertThat(refused).isInstanceOf(SchemaTooNewException.class)
        .hasMessageContaining("has schema version " + newer)
        .hasMessageContaining("knows versions up to " + SchemaMigrator.latestVersion())
        .hasMessageContaining("newer pistream");
    assertThat(Files.readAllBytes(database)).isEqualTo(bytes);
  }

  private static Path fixture(int version) {
    return SchemaFixtures.DIR.resolve("schema-v" + version + ".db");
  }

  private static Map<String, String> counts(Path database) throws Exception {
    Map<String, String> counts = new LinkedHashMap<>();
    for (String sql : COUNTED) {
      counts.put(sql, single(database, sql));
    }
    return counts;
  }

  private static String single(Path database, String sql) throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      return rows.next() ? rows.getString(1) : null;
    }
  }

  private static <T> T await(Future<T> future) {
    return future.timeout(60, TimeUnit.SECONDS).await();
  }
}
