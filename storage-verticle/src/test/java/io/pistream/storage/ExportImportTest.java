package io.pistream.storage;

import static io.pistream.storage.StorageHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.Reading;
import io.pistream.contracts.SensorKey;
import io.pistream.contracts.StoreBatch;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class ExportImportTest {

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  @TempDir
  Path dir;

  @Test
  void anExportImportedIntoAnotherNodeHoldsTheSameRowsAndASecondImportOnlyDuplicates(Vertx vertx) throws Exception {
    StorageHarness storage = new StorageHarness(vertx, dir.resolve("a"));
    String id = await(storage.deploy(storage.config()));
    List<Reading> readings = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      readings.add(new Reading("pi-one", "s1", T0 + i * 2000L, 20.5 + (i % 13) * 0.01, 45));
      readings.add(new Reading("pi-one", "s2", T0 + i * 2000L + 1, -3.25, 99.9));
    }
    await(storage.request(Addresses.STORAGE_STORE, new StoreBatch(readings).toJson()));
    await(vertx.undeploy(id));

    ReadingExport.Summary exported = ReadingExport.export(section(dir.resolve("a")), dir.resolve("csv"), null);
    assertThat(exported.readings()).isEqualTo(600);
    assertThat(exported.files()).extracting(f -> f.file().getFileName().toString()).containsExactly("pi-one_s1.csv", "pi-one_s2.csv");
    List<String> lines = Files.readAllLines(dir.resolve("csv/pi-one_s2.csv"));
    assertThat(lines.get(0)).isEqualTo(ReadingExport.HEADER);
    assertThat(lines.get(1)).isEqualTo("2025-01-01T00:00:00.001Z,pi-one,s2,1,-3.25,-3.25,-3.25,99.9,99.9,99.9");
    assertThat(exported.olderHistoryAsRollupsOnly()).isFalse();

    try (ReadingImport into = ReadingImport.open(section(dir.resolve("b")), System.currentTimeMillis())) {
      for (ReadingExport.SensorFile file : exported.files()) {
        ReadingImport.Summary first = into.importCsv(file.file(), null);
        assertThat(first.imported()).isEqualTo(300);
        assertThat(first.duplicates()).isZero();
        assertThat(first.skippedTotal()).isZero();
      }
      ReadingImport.Summary again = into.importCsv(dir.resolve("csv/pi-one_s1.csv"), null);
      assertThat(again.rows()).isEqualTo(300);
      assertThat(again.imported()).isZero();
      assertThat(again.duplicates()).isEqualTo(300);
    }
    ReadingExport.export(section(dir.resolve("b")), dir.resolve("csv-b"), null);
    for (String name : List.of("pi-one_s1.csv", "pi-one_s2.csv")) {
      assertThat(Files.readAllLines(dir.resolve("csv-b").resolve(name))).isEqualTo(Files.readAllLines(dir.resolve("csv").resolve(name)));
    }
    assertThat(sum(dir.resolve("b"), "SELECT sum(count) FROM readings_day")).isEqualTo(600);
  }

  @Test
  void aCsvImportUnderAnotherNodeSkipsBadAndRollupRowsAndCountsThem() throws Exception {
    Path csv = Files.writeString(dir.resolve("mixed.csv"), ReadingExport.HEADER + "\r\n"
        + "2025-01-01T00:00:00Z,pi-one,s1,1,20,20,20,50,50,50\r\n"
        + "2025-01-01T00:01:00Z,pi-one,s1,1,abc,abc,abc,50,50,50\r\n"
        + "yesterday,pi-one,s1,1,20,20,20,50,50,50\r\n"
        + "2025-01-01T00:00:00Z,pi-one,s1,12,19,20,21,50,50,50\r\n"
        + "2025-01-01T00:02:00Z,pi-one,s1,1,20\r\n"
        + "2025-01-01T00:03:00Z,\"pi-one\",s1,1,150,150,150,50,50,50\r\n"
        + "2025-01-01T00:04:00Z,pi-one,s1,1,21.5,21.5,21.5,51,51,51\r\n");
    try (ReadingImport into = ReadingImport.open(section(dir.resolve("data")), System.currentTimeMillis())) {
      ReadingImport.Summary summary = into.importCsv(csv, "pi-two");
      assertThat(summary.rows()).isEqualTo(7);
      assertThat(summary.imported()).isEqualTo(2);
      assertThat(summary.skippedTotal()).isEqualTo(5);
      assertThat(summary.skipped()).containsEntry("bad value", 2L).containsEntry("bad time", 1L).containsEntry("wrong number of fields", 1L);
      assertThat(summary.examples()).anySatisfy(e -> assertThat(e).contains("mixed.csv line 3"));
    }
    assertThat(sum(dir.resolve("data"), "SELECT count(*) FROM sensors WHERE node = 'pi-two' AND sensor = 's1'")).isEqualTo(1);
  }

  @Test
  void anImportIsRefusedWhileAServerUsesTheDirectory(Vertx vertx) throws Exception {
    StorageHarness storage = new StorageHarness(vertx, dir);
    await(storage.deploy(storage.config()));
    assertThatThrownBy(() -> ReadingImport.open(section(dir), System.currentTimeMillis()))
        .isInstanceOf(BackupException.class).hasMessageContaining("a running pistream uses").hasMessageContaining("stop it");
  }

  @Test
  void theFlaskDatabaseIsImportedPairedInLocalTimeWithEveryProblemCounted() throws Exception {
    Path flask = flaskDatabase(List.of(
            row("2024-06-01 12:00:00", "1", 21.5), row("2024-06-01 12:10:00", "1", 21.6), row("2024-06-01 12:00:00", "2", 18.0),
            row("2024-06-01 12:20:00", "1", 21.7),
            row("2024-03-31 02:30:00", "1", 19.0),
            row("2024-10-27 02:30:00", "1", 17.0),
            row("2024-06-01 12:30:00", "1", "n/a"),
            row("2024-06-01 12:40:00", "1", 400.0)),
        List.of(
            row("2024-06-01 12:00:00", "1", 55.0), row("2024-06-01 12:10:00", "1", 56.0), row("2024-06-01 12:00:00", "2", 70.0),
            row("2024-06-01 12:50:00", "1", 57.0),
            row("2024-03-31 02:30:00", "1", 60.0),
            row("2024-10-27 02:30:00", "1", 61.0),
            row("2024-06-01 12:30:00", "1", 50.0),
            row("2024-06-01 12:40:00", "1", 50.0)));
    Path data = dir.resolve("data");
    try (ReadingImport into = ReadingImport.open(section(data), System.currentTimeMillis())) {
      ReadingImport.Summary summary = into.importFlask(flask, "pi-one", Map.of("1", "living-room", "2", "garden"), BERLIN);
      assertThat(summary.rows()).isEqualTo(9);
      assertThat(summary.imported()).isEqualTo(4);
      assertThat(summary.skipped())
          .containsEntry("temperature without a humidity", 1L)
          .containsEntry("humidity without a temperature", 1L)
          .containsEntry("local time in a daylight-saving gap", 1L)
          .containsEntry("bad value", 2L);
      assertThat(summary.ambiguousLocalTimes()).isEqualTo(1);

      ReadingImport.Summary again = into.importFlask(flask, "pi-one", Map.of("1", "living-room", "2", "garden"), BERLIN);
      assertThat(again.imported()).isZero();
      assertThat(again.duplicates()).isEqualTo(4);
    }
    // Summer time: 12:00 in Berlin is 10:00 UTC; in the overlap the earlier offset (+02:00) is taken.
    assertThat(sum(data, "SELECT count(*) FROM readings_raw r JOIN sensors s ON s.id = r.sensor_id WHERE s.sensor = 'garden' AND r.ts = "
        + Instant.parse("2024-06-01T10:00:00Z").toEpochMilli())).isEqualTo(1);
    assertThat(sum(data, "SELECT count(*) FROM readings_raw WHERE ts = " + Instant.parse("2024-10-27T00:30:00Z").toEpochMilli())).isEqualTo(1);
    assertThat(sum(data, "SELECT temperature_centi FROM readings_raw r JOIN sensors s ON s.id = r.sensor_id WHERE s.sensor = 'living-room'"
        + " AND r.ts = " + Instant.parse("2024-06-01T10:10:00Z").toEpochMilli())).isEqualTo(2160);
  }

  @Test
  void readingsOlderThanTheRetentionAreNotCountedTwiceAfterTheirRawRowsWerePruned() throws Exception {
    Path flask = flaskDatabase(List.of(row("2019-05-01 08:00:00", "1", 20.0), row("2019-05-01 08:00:30", "1", 20.2)),
        List.of(row("2019-05-01 08:00:00", "1", 40.0), row("2019-05-01 08:00:30", "1", 41.0)));
    Path data = dir.resolve("data");
    JsonObject section = section(data).put("retentionDays", 30);
    try (ReadingImport into = ReadingImport.open(section, System.currentTimeMillis())) {
      assertThat(into.importFlask(flask, "pi-one", Map.of(), BERLIN).imported()).isEqualTo(2);
    }
    // What the server's retention does to them at its next start:
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + data.resolve(StorageConfig.DATABASE_FILE));
        Statement statement = connection.createStatement()) {
      statement.execute("DELETE FROM readings_raw");
    }
    try (ReadingImport into = ReadingImport.open(section, System.currentTimeMillis())) {
      ReadingImport.Summary again = into.importFlask(flask, "pi-one", Map.of(), BERLIN);
      assertThat(again.imported()).isZero();
      assertThat(again.duplicates()).isEqualTo(2);
    }
    assertThat(sum(data, "SELECT sum(count) FROM readings_minute")).isEqualTo(2);
    assertThat(sum(data, "SELECT sum(count) FROM readings_day")).isEqualTo(2);
  }

  @Test
  void aFileWithoutTheFlaskTablesIsRefusedClearly() throws Exception {
    Path other = dir.resolve("other.db");
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + other);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE notes (text TEXT)");
    }
    try (ReadingImport into = ReadingImport.open(section(dir.resolve("data")), System.currentTimeMillis())) {
      assertThatThrownBy(() -> into.importFlask(other, "pi-one", Map.of(), BERLIN))
          .isInstanceOf(BackupException.class).hasMessageContaining("temperatures and humidities").hasMessageContaining("notes");
    }
  }

  private static Object[] row(String time, String sensor, Object value) {
    return new Object[] {time, sensor, value};
  }

  /** A database as the Flask app kept it. */
  private Path flaskDatabase(List<Object[]> temperatures, List<Object[]> humidities) throws Exception {
    Path file = dir.resolve("flask.db");
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE temperatures (rDatetime DATETIME, sensorID TEXT, temp NUMERIC)");
      statement.execute("CREATE TABLE humidities (rDatetime DATETIME, sensorID TEXT, humidity NUMERIC)");
      insert(connection, "INSERT INTO temperatures VALUES (?, ?, ?)", temperatures);
      insert(connection, "INSERT INTO humidities VALUES (?, ?, ?)", humidities);
    }
    return file;
  }

  private static void insert(Connection connection, String sql, List<Object[]> rows) throws Exception {
    try (PreparedStatement insert = connection.prepareStatement(sql)) {
      for (Object[] row : rows) {
        for (int i = 0; i < row.length; i++) {
          insert.setObject(i + 1, row[i]);
        }
        insert.executeUpdate();
      }
    }
  }

  private static JsonObject section(Path dataDir) {
    return new JsonObject().put("dataDir", dataDir.toString()).put("retentionDays", 0);
  }

  private static long sum(Path dataDir, String sql) throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(StorageConfig.DATABASE_FILE));
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      return rows.next() ? rows.getLong(1) : 0;
    }
  }

  private static <T> T await(Future<T> future) {
    return future.timeout(60, TimeUnit.SECONDS).await();
  }

  static SensorKey key(String node, String sensor) {
    return new SensorKey(node, sensor);
  }
}
