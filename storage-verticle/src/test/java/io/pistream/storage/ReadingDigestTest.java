package io.pistream.storage;

import static io.pistream.storage.StorageHarness.NODE;
import static io.pistream.storage.StorageHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hourly digests anti-entropy compares: exact, independent of write order, the same however computed. */
class ReadingDigestTest {

  private static final String DIGESTS = "SELECT sensor_id, bucket, count, hash_a, hash_b FROM readings_digest ORDER BY 1, 2";

  @TempDir
  Path dir;

  @Test
  void theSqlHashIsTheJavaHashForAnyStorableRow() throws Exception {
    long[][] rows = {{T0, 2150, 4000}, {-1L, -99_999_999, 99_999_999}, {Long.MAX_VALUE, 99_999_999, -99_999_999},
        {Long.MIN_VALUE, 0, 0}, {RowHash.PRIME, -1, 1}, {0, 0, 0}};
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite::memory:");
        PreparedStatement query = connection.prepareStatement("SELECT " + RowHash.sqlA() + ", " + RowHash.sqlB()
            + " FROM (SELECT ? AS ts, ? AS temperature_centi, ? AS humidity_centi)")) {
      for (long[] row : rows) {
        query.setLong(1, row[0]);
        query.setInt(2, (int) row[1]);
        query.setInt(3, (int) row[2]);
        try (ResultSet result = query.executeQuery()) {
          result.next();
          // A product that overflowed would have turned SQLite's integer into a floating-point number.
          assertThat(result.getObject(1)).as("hash a of %s", java.util.Arrays.toString(row)).isNotInstanceOf(Double.class);
          assertThat(result.getLong(1)).isEqualTo(RowHash.a(row[0], (int) row[1], (int) row[2]));
          assertThat(result.getLong(2)).isEqualTo(RowHash.b(row[0], (int) row[1], (int) row[2]));
        }
      }
    }
  }

  @Test
  void swappingValuesBetweenTwoReadingsChangesTheDigest() {
    long swapped = RowHash.a(T0, 2000, 5000) + RowHash.a(T0 + 2000, 2100, 5000);
    long original = RowHash.a(T0, 2100, 5000) + RowHash.a(T0 + 2000, 2000, 5000);
    assertThat(swapped).isNotEqualTo(original);
  }

  @Test
  void theSameReadingsWrittenInAnotherOrderAndWithDuplicatesGiveTheSameDigests() throws Exception {
    List<long[]> readings = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      readings.add(new long[] {i % 3, T0 + i * 1000L, 1500 + i % 700, 4000 + i % 333});
    }
    load(dir.resolve("a"), readings);
    List<long[]> shuffled = new ArrayList<>(readings);
    Collections.shuffle(shuffled, new Random(1));
    shuffled.addAll(readings.subList(0, 5000));
    load(dir.resolve("b"), shuffled);

    List<List<Long>> a = query(dir.resolve("a"), DIGESTS);
    assertThat(a).hasSize(3 * 6);
    assertThat(a.stream().mapToLong(r -> r.get(2)).sum()).isEqualTo(20_000);
    assertThat(query(dir.resolve("b"), DIGESTS)).isEqualTo(a);
  }

  @Test
  void upgradingADatabaseFillsTheDigestsFromItsRawReadings() throws Exception {
    List<long[]> readings = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      readings.add(new long[] {i % 2, T0 - 3_600_000L + i * 1500L, -500 + i % 1000, 9000 - i % 50});
    }
    load(dir, readings);
    List<List<Long>> written = query(dir, DIGESTS);
    Path file = dir.resolve(StorageConfig.DATABASE_FILE);
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement()) {
      // As a database of schema version 1 was.
      statement.execute("DROP TABLE readings_digest");
      statement.execute("PRAGMA user_version = 1");
    }
    SqliteDatabase.openMigrated(file, "normal").close();
    assertThat(query(dir, DIGESTS)).isNotEmpty().isEqualTo(written);
  }

  private static void load(Path dataDir, List<long[]> readings) throws Exception {
    try (SqliteBulkLoader loader = SqliteBulkLoader.open(dataDir)) {
      for (long[] r : readings) {
        loader.add(NODE, "s" + r[0], r[1], r[2] / 100.0, r[3] / 100.0);
      }
    }
  }

  /** Rows of whole numbers, with the sensor id replaced by its name so two databases compare. */
  private static List<List<Long>> query(Path dataDir, String sql) throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(StorageConfig.DATABASE_FILE));
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql.replace("SELECT sensor_id,",
            "SELECT CAST(substr((SELECT sensor FROM sensors WHERE id = sensor_id), 2) AS INTEGER),"))) {
      List<List<Long>> result = new ArrayList<>();
      while (rows.next()) {
        List<Long> row = new ArrayList<>();
        for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
          row.add(rows.getLong(i));
        }
        result.add(row);
      }
      return result;
    }
  }
}
