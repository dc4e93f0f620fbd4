package io.pistream.storage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes the committed fixture databases {@code src/test/resources/fixtures/schema-vN.db} that
 * {@link SchemaUpgradeTest} migrates. Run only on demand, for the newest version after adding a migration
 * (the older fixtures stay as committed: they are what those versions wrote):
 *
 * <pre>mvn -o -B verify -pl storage-verticle -am -Dtest=SchemaFixtures -Dsurefire.failIfNoSpecifiedTests=false -Dpistream.writeFixture=N</pre>
 *
 * <p>The newest version is written by today's writer ({@link SqliteBulkLoader}); version 1 is the same
 * data without the digests table that version 2 added, which is what the version 1 writer wrote (the
 * same statements minus the digest upsert). Each holds two sensors with names, raw readings of a day in
 * January 2025, and rollups of days in June 2024 whose raw readings the retention pruned.
 */
class SchemaFixtures {

  static final Path DIR = Path.of("src/test/resources/fixtures");
  /** 2024-06-01T00:00:00Z. */
  static final long OLD_DAY = 1_717_200_000_000L;
  /** Raw readings before this were pruned: only their rollups remain. */
  static final long PRUNED_BEFORE = StorageHarness.T0;

  @TempDir
  Path work;

  @Test
  @EnabledIfSystemProperty(named = "pistream.writeFixture", matches = "\\d+")
  void write() throws Exception {
    int version = Integer.parseInt(System.getProperty("pistream.writeFixture"));
    Path target = DIR.resolve("schema-v" + version + ".db");
    write(version, work, target);
  }

  static void write(int version, Path work, Path target) throws Exception {
    if (version < 1 || version > SchemaMigrator.latestVersion()) {
      throw new IllegalArgumentException("no schema version " + version);
    }
    try (SqliteBulkLoader loader = SqliteBulkLoader.open(work)) {
      for (int day = 0; day < 3; day++) {
        for (int i = 0; i < 24; i++) {
          long ts = OLD_DAY + day * 86_400_000L + i * 3_600_000L;
          loader.add("pi-one", "s1", ts, 18 + i * 0.25, 40 + day);
          loader.add("pi-one", "s2", ts + 30_000, -2.5 + i * 0.1, 80.5);
        }
      }
      for (int i = 0; i < 90; i++) {
        loader.add("pi-one", "s1", StorageHarness.T0 + i * 60_000L, 21.25 + (i % 7) * 0.01, 45.5);
      }
    }
    Path database = work.resolve(StorageConfig.DATABASE_FILE);
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
        Statement statement = connection.createStatement()) {
      statement.execute("UPDATE sensors SET name = 'Living room', location = 'Upstairs' WHERE sensor = 's1'");
      statement.execute("UPDATE sensors SET name = 'Garden' WHERE sensor = 's2'");
      statement.execute("DELETE FROM readings_raw WHERE ts < " + PRUNED_BEFORE);
      statement.execute("DELETE FROM readings_digest WHERE bucket < " + PRUNED_BEFORE);
      if (version == 1) {
        statement.execute("DROP TABLE readings_digest");
        statement.execute("PRAGMA user_version = 1");
      }
      // Small pages keep the committed file a few KB; WAL as storage leaves every file.
      statement.execute("PRAGMA journal_mode = DELETE");
      statement.execute("PRAGMA page_size = 1024");
      statement.execute("VACUUM");
      statement.execute("PRAGMA journal_mode = WAL");
    }
    Files.createDirectories(target.getParent());
    Files.copy(database, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }
}
