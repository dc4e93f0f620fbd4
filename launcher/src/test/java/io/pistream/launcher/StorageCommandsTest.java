package io.pistream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.storage.DataDirLock;
import io.pistream.storage.SqliteBulkLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageCommandsTest {

  /** 2025-01-01T00:00:00Z. */
  private static final long T0 = 1_735_689_600_000L;

  @TempDir
  Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private Path config;

  @BeforeEach
  void aStoppedNodeWithReadings() throws Exception {
    config = Files.writeString(dir.resolve("config.yaml"), "storage:\n  dataDir: " + dir.resolve("data") + "\n  retentionDays: 0\n"
        + "http:\n  timeZone: Europe/Berlin\n");
    try (SqliteBulkLoader loader = SqliteBulkLoader.open(dir.resolve("data"))) {
      for (int i = 0; i < 50; i++) {
        loader.add("pi-one", "s1", T0 + i * 2000L, 21.5, 40);
      }
    }
  }

  private int run(String... args) {
    out.reset();
    err.reset();
    return new StorageCommands(Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
        .run(args);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void backupWritesACheckedCopyAndRefusesToOverwriteUnlessForced() throws Exception {
    Path target = dir.resolve("backup.db");
    assertThat(run("backup", target.toString(), "--config", config.toString())).as(err()).isZero();
    assertThat(out()).contains("written to " + target).contains("50 raw readings").contains("integrity_check ok");
    assertThat(count(target, "SELECT count(*) FROM readings_raw")).isEqualTo(50);

    assertThat(run("backup", target.toString(), "--config", config.toString())).isEqualTo(1);
    assertThat(err()).contains("exists").contains("--force");
    assertThat(run("backup", target.toString(), "--force", "--config", config.toString())).as(err()).isZero();
  }

  @Test
  void backupFailsClearlyWithoutADatabaseOrAWritableTarget() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.yaml"), "storage:\n  dataDir: " + dir.resolve("nothing-here") + "\n");
    assertThat(run("backup", dir.resolve("b.db").toString(), "--config", empty.toString())).isEqualTo(1);
    assertThat(err()).contains("no database at").contains("storage.dataDir");
    assertThat(run("backup", dir.resolve("missing/dir/b.db").toString(), "--config", config.toString())).isEqualTo(1);
    assertThat(err()).contains("not a writable directory");
    assertThat(run("backup", dir.resolve("b.db").toString(), "--config", dir.resolve("no.yaml").toString())).isEqualTo(1);
    assertThat(err()).contains("does not exist");
  }

  @Test
  void wrongArgumentsShowTheUsage() {
    assertThat(run("backup")).isEqualTo(2);
    assertThat(err()).contains("backup needs a file").contains("usage: pistream backup FILE");
    assertThat(run("import", "a.csv", "--force")).isEqualTo(2);
    assertThat(err()).contains("import takes no option --force");
  }

  @Test
  void exportThenImportUnderAnotherNodeAndAgainOnlyDuplicates() throws Exception {
    assertThat(run("export", dir.resolve("csv").toString(), "--config", config.toString())).as(err()).isZero();
    assertThat(out()).contains("pi-one_s1.csv: 50 readings").contains("50 raw readings in 1 files");
    Path csv = dir.resolve("csv/pi-one_s1.csv");
    assertThat(run("import", csv.toString(), "--node", "pi-two", "--config", config.toString())).as(err()).isZero();
    assertThat(out()).contains("50 rows: 50 imported, 0 already stored, 0 skipped");
    assertThat(run("import", csv.toString(), "--node", "pi-two", "--config", config.toString())).as(err()).isZero();
    assertThat(out()).contains("50 rows: 0 imported, 50 already stored, 0 skipped");
  }

  @Test
  void importIsRefusedWhileAServerHoldsTheDataDirectory() throws Exception {
    run("export", dir.resolve("csv").toString(), "--config", config.toString());
    try (DataDirLock held = DataDirLock.tryAcquire(dir.resolve("data"))) {
      assertThat(held).isNotNull();
      assertThat(run("import", dir.resolve("csv/pi-one_s1.csv").toString(), "--config", config.toString())).isEqualTo(1);
      assertThat(err()).contains("a running pistream uses").contains("stop it");
    }
  }

  @Test
  void importFlaskReadsLocalTimesInTheConfiguredZoneAndMapsSensors() throws Exception {
    Path flask = dir.resolve("flask.db");
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + flask);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE temperatures (rDatetime TEXT, sensorID INTEGER, temp REAL)");
      statement.execute("CREATE TABLE humidities (rDatetime TEXT, sensorID INTEGER, humidity REAL)");
      statement.execute("INSERT INTO temperatures VALUES ('2023-01-15 08:00:00', 1, 19.5), ('2023-01-15 08:05:00', 1, 19.6)");
      statement.execute("INSERT INTO humidities VALUES ('2023-01-15 08:00:00', 1, 52), ('2023-01-15 08:05:00', 1, 53)");
    }
    assertThat(run("import-flask", flask.toString(), "--config", config.toString())).isEqualTo(1);
    assertThat(err()).contains("--node NODE is needed");
    assertThat(run("import-flask", flask.toString(), "--node", "pi-one", "--sensor-map", "1=hall", "--config", config.toString()))
        .as(err()).isZero();
    assertThat(out()).contains("Europe/Berlin").contains("2 rows: 2 imported, 0 already stored, 0 skipped");
    // 08:00 in Berlin in winter is 07:00 UTC.
    assertThat(count(dir.resolve("data/pistream.db"), "SELECT count(*) FROM readings_raw r JOIN sensors s ON s.id = r.sensor_id"
        + " WHERE s.sensor = 'hall' AND r.ts = 1673766000000")).isEqualTo(1);
  }

  private static long count(Path file, String sql) throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      return rows.next() ? rows.getLong(1) : 0;
    }
  }
}
