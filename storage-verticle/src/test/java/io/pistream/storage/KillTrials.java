package io.pistream.storage;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Starts {@link KillTrialNode} in a child JVM, kills it with SIGKILL at a random moment, and checks the
 * database it leaves: it opens, {@code PRAGMA integrity_check} says ok, every reading acknowledged more
 * than one flush window before the kill is stored and the stored ones have no gap, and the minute, hour
 * and day rollups equal what the raw rows add up to, bucket for bucket, for every bucket newer than the
 * retention cutoff. Three kinds: while readings arrive, while a large prune runs, during a schema
 * migration. Used by {@code KillTrialsTest} with a few kills and by {@code scripts/kill-trials.sh} with
 * many: {@code KillTrials <workDir> <feed kills> <prune kills> <migration kills> [seed]}, with the system
 * properties {@code killTrials.settings} (storage settings as JSON), {@code killTrials.pauseMs} (between
 * batches of 100 readings, 10 by default) and {@code killTrials.maxKillMs} (latest kill, 8000).
 */
public final class KillTrials {

  /** One acknowledgement the child printed: every reading up to {@code seq} was accepted at {@code atMs}. */
  private record Ack(long seq, long atMs) {
  }

  /** The child's output as it comes: acknowledgements, the moment it said a word, the last log lines. */
  private static final class ChildOutput {
    final List<Ack> acks = new CopyOnWriteArrayList<>();
    final CountDownLatch ready = new CountDownLatch(1);
    final Deque<String> tail = new ArrayDeque<>();
    private final String word;

    ChildOutput(String word) {
      this.word = word;
    }

    synchronized void line(String line) {
      if (line.startsWith(KillTrialNode.PREFIX + "acked ")) {
        String[] parts = line.split(" ");
        acks.add(new Ack(Long.parseLong(parts[2]), Long.parseLong(parts[3])));
      } else if (line.equals(KillTrialNode.PREFIX + word)) {
        ready.countDown();
      } else {
        tail.addLast(line);
        if (tail.size() > 40) {
          tail.removeFirst();
        }
      }
    }

    synchronized String tail() {
      return String.join("\n", tail);
    }
  }

  static final long OLD_ROWS = 600_000;
  private static final long DAY = 86_400_000L;

  private final Path work;
  private final long seed;
  private final Random random;
  private final List<String> report = new ArrayList<>();

  KillTrials(Path work, long seed) {
    this.work = work;
    this.seed = seed;
    this.random = new Random(seed);
  }

  public static void main(String[] args) throws Exception {
    long seed = args.length > 4 ? Long.parseLong(args[4]) : System.nanoTime();
    KillTrials trials = new KillTrials(Path.of(args[0]), seed);
    try {
      // Other storage settings and a slower feed, e.g. for flushes by the timer: -DkillTrials.settings='{...}'.
      JsonObject settings = new JsonObject(System.getProperty("killTrials.settings", "{}"));
      long pauseMs = Long.getLong("killTrials.pauseMs", 10);
      long maxMs = Long.getLong("killTrials.maxKillMs", 8000);
      trials.whileFeeding(Integer.parseInt(args[1]), settings, 1500, maxMs, pauseMs);
      trials.whilePruning(Integer.parseInt(args[2]));
      trials.duringMigration(Integer.parseInt(args[3]));
    } finally {
      trials.report().forEach(System.out::println);
    }
  }

  List<String> report() {
    return report;
  }

  /**
   * Kills storage while readings arrive at about 10,000 a second (a flush by count every half second at
   * the default {@code flushEveryReadings}), each kill {@code minMs} to {@code maxMs} after it was ready.
   */
  void whileFeeding(int kills, JsonObject settings, long minMs, long maxMs) throws Exception {
    whileFeeding(kills, settings, minMs, maxMs, 10);
  }

  /** @param pauseMs between one acknowledged batch of 100 readings and the next */
  void whileFeeding(int kills, JsonObject settings, long minMs, long maxMs, long pauseMs) throws Exception {
    Path dataDir = fresh("feed");
    long t0 = System.currentTimeMillis() / 60_000 * 60_000;
    long next = 0;
    for (int trial = 1; trial <= kills; trial++) {
      next = feedAndKill("feed", trial, dataDir, settings, t0, next, minMs, maxMs, 0, pauseMs) + 1;
    }
  }

  /**
   * Kills storage while it prunes: the database holds {@value #OLD_ROWS} readings of ten days ago, the
   * retention is one day, so the pass that starts with the verticle has much to delete.
   */
  void whilePruning(int kills) throws Exception {
    Path dataDir = fresh("prune");
    long old = System.currentTimeMillis() - 10 * DAY;
    try (SqliteBulkLoader loader = SqliteBulkLoader.open(dataDir)) {
      for (long i = 0; i < OLD_ROWS; i++) {
        loader.add(KillTrialNode.NODE, "old", old + i * 1000, 15, 60);
      }
    }
    long t0 = System.currentTimeMillis() / 60_000 * 60_000;
    long next = 0;
    JsonObject settings = new JsonObject().put("retentionDays", 1);
    for (int trial = 1; trial <= kills; trial++) {
      next = feedAndKill("prune", trial, dataDir, settings, t0, next, 100, 2500, DAY, 10) + 1;
      try (Connection db = open(dataDir)) {
        long oldInRollups = single(db, "SELECT coalesce(sum(d.count), 0) FROM readings_day d JOIN sensors s ON s.id = d.sensor_id"
            + " WHERE s.sensor = 'old'");
        require(oldInRollups == OLD_ROWS, "prune trial " + trial + ": the day rollups of pruned readings hold "
            + oldInRollups + " instead of " + OLD_ROWS);
        report.set(report.size() - 1, report.get(report.size() - 1) + ", old raw rows left "
            + single(db, "SELECT count(*) FROM readings_raw r JOIN sensors s ON s.id = r.sensor_id WHERE s.sensor = 'old'"));
      }
    }
  }

  /**
   * Kills a migration that takes seconds (the real schema, then a version that fills and indexes a table
   * of its own): each version is one transaction, so the file is at one version or the next, never between.
   */
  void duringMigration(int kills) throws Exception {
    Path template = fresh("migration-template");
    try (SqliteBulkLoader loader = SqliteBulkLoader.open(template)) {
      for (int i = 0; i < 10_000; i++) {
        loader.add(KillTrialNode.NODE, "s0", 1_735_689_600_000L + i * 2000L, 20, 50);
      }
    }
    for (int trial = 1; trial <= kills; trial++) {
      Path dataDir = fresh("migration");
      Files.copy(template.resolve(StorageConfig.DATABASE_FILE), dataDir.resolve(StorageConfig.DATABASE_FILE),
          StandardCopyOption.REPLACE_EXISTING);
      ChildOutput output = new ChildOutput("migrating");
      Process child = start(output, List.of("migrate", dataDir.toString()));
      long killAfter = 100 + random.nextInt(2400);
      awaitWord(child, output, "migration trial " + trial);
      Thread.sleep(killAfter);
      child.destroyForcibly().waitFor();
      try (Connection db = open(dataDir)) {
        requireIntact(db, "migration trial " + trial);
        long version = single(db, "PRAGMA user_version");
        long bigTables = single(db, "SELECT count(*) FROM sqlite_master WHERE name = 'trial_big'");
        long raw = single(db, "SELECT count(*) FROM readings_raw");
        require(raw == 10_000, "migration trial " + trial + ": " + raw + " raw rows instead of 10000");
        String state;
        if (version == SchemaMigrator.latestVersion()) {
          require(bigTables == 0, "migration trial " + trial + ": version " + version + " but the next version's table exists");
          state = "rolled back to version " + version;
        } else {
          long big = single(db, "SELECT count(*) FROM trial_big");
          require(version == SchemaMigrator.latestVersion() + 1 && big == KillTrialNode.BIG_ROWS,
              "migration trial " + trial + ": version " + version + " with " + big + " rows in its table");
          state = "completed version " + version;
        }
        report.add("migration trial " + trial + ": killed " + killAfter + " ms into the migration, integrity ok, " + state);
      }
    }
  }

  /** @return the last reading number stored, from which the next trial continues */
  private long feedAndKill(String kind, int trial, Path dataDir, JsonObject settings, long t0, long firstSeq,
      long minMs, long maxMs, long retentionMs, long pauseMs) throws Exception {
    StorageConfig config = StorageConfig.from(settings);
    ChildOutput output = new ChildOutput("ready");
    Process child = start(output, List.of("feed", dataDir.toString(), settings.encode(), Long.toString(t0),
        Long.toString(firstSeq), Long.toString(pauseMs)));
    String name = kind + " trial " + trial;
    awaitWord(child, output, name);
    long killAfter = minMs + random.nextLong(maxMs - minMs + 1);
    Thread.sleep(killAfter);
    long killedAt = System.currentTimeMillis();
    child.destroyForcibly().waitFor();
    List<Ack> acks = List.copyOf(output.acks);
    // The bound of what a kill may lose: a flush window (flushEveryMillis, or less when flushEveryReadings
    // fill sooner at the rate the readings came), plus the write itself on a busy machine.
    long windowMs = Math.min(config.flushEveryMillis(), fillMs(acks, config.flushEveryReadings())) + 2500;
    long safe = firstSeq - 1;
    for (Ack ack : acks) {
      if (ack.atMs() <= killedAt - windowMs) {
        safe = ack.seq();
      }
    }
    try (Connection db = open(dataDir)) {
      requireIntact(db, name);
      long stored = -1;
      long rows = 0;
      for (int s = 0; s < KillTrialNode.SENSORS; s++) {
        try (Statement statement = db.createStatement();
            ResultSet result = statement.executeQuery("SELECT max(r.ts), count(*) FROM readings_raw r JOIN sensors n ON n.id = r.sensor_id"
                + " WHERE n.sensor = 's" + s + "'")) {
          result.next();
          long newest = result.getLong(1);
          if (!result.wasNull()) {
            stored = Math.max(stored, (newest - t0) / KillTrialNode.STEP_MS * KillTrialNode.SENSORS + s);
            rows += result.getLong(2);
          }
        }
      }
      require(rows == stored + 1, name + ": " + rows + " readings stored but the newest is number " + stored
          + ": some are missing");
      require(stored >= safe, name + ": reading " + safe + ", acknowledged more than " + windowMs
          + " ms before the kill, is not stored (newest stored: " + stored + "); seed " + seed + "\n" + output.tail());
      requireRollupsAgree(db, name, retentionMs == 0 ? Long.MIN_VALUE : killedAt - retentionMs);
      long newestStored = stored;
      long lostMs = acks.stream().filter(a -> a.seq() > newestStored).findFirst().map(a -> killedAt - a.atMs()).orElse(0L);
      long acked = acks.isEmpty() ? firstSeq - 1 : acks.get(acks.size() - 1).seq();
      report.add(name + ": killed " + killAfter + " ms after start, integrity ok, rollups agree, " + (stored - firstSeq + 1)
          + " of " + (acked - firstSeq + 1) + " acknowledged readings of this run stored, the first one lost was acknowledged "
          + lostMs + " ms before the kill");
      return stored;
    }
  }

  private static long fillMs(List<Ack> acks, int flushEveryReadings) {
    if (acks.size() < 2) {
      return Long.MAX_VALUE;
    }
    Ack first = acks.get(0);
    Ack last = acks.get(acks.size() - 1);
    double perMs = (double) (last.seq() - first.seq()) / Math.max(1, last.atMs() - first.atMs());
    return perMs <= 0 ? Long.MAX_VALUE : (long) Math.ceil(flushEveryReadings / perMs);
  }

  private Process start(ChildOutput output, List<String> args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx128m", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-cp", System.getProperty("java.class.path"),
        KillTrialNode.class.getName()));
    command.addAll(args);
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          output.line(line);
        }
      } catch (IOException e) {
        output.line("reading the child's output failed: " + e);
      }
    }, "kill-trial-output");
    reader.setDaemon(true);
    reader.start();
    return child;
  }

  private static void awaitWord(Process child, ChildOutput output, String name) throws InterruptedException {
    if (!output.ready.await(60, TimeUnit.SECONDS)) {
      child.destroyForcibly();
      throw new AssertionError(name + ": the child did not start within 60 s\n" + output.tail());
    }
  }

  private static void requireIntact(Connection db, String name) throws SQLException {
    List<String> problems = new ArrayList<>();
    try (Statement statement = db.createStatement(); ResultSet rows = statement.executeQuery("PRAGMA integrity_check")) {
      while (rows.next()) {
        problems.add(rows.getString(1));
      }
    }
    require(problems.equals(List.of("ok")), name + ": integrity_check says " + problems);
  }

  /** Both ways: no bucket the raw rows make that the rollup lacks or holds otherwise, and no bucket too many. */
  private static void requireRollupsAgree(Connection db, String name, long cutoff) throws SQLException {
    for (Resolution rollup : Resolution.ROLLUPS) {
      long width = rollup.millis;
      String fromRaw = "SELECT sensor_id, ts - ts % " + width + " AS bucket, count(*), min(temperature_centi),"
          + " max(temperature_centi), sum(temperature_centi), min(humidity_centi), max(humidity_centi), sum(humidity_centi)"
          + " FROM readings_raw GROUP BY sensor_id, bucket HAVING bucket >= " + cutoff;
      String stored = "SELECT sensor_id, bucket, count, temperature_min, temperature_max, temperature_sum, humidity_min,"
          + " humidity_max, humidity_sum FROM " + rollup.table + " WHERE bucket >= " + cutoff;
      long missing = single(db, "SELECT count(*) FROM (" + fromRaw + " EXCEPT " + stored + ")");
      long extra = single(db, "SELECT count(*) FROM (" + stored + " EXCEPT " + fromRaw + ")");
      require(missing == 0 && extra == 0, name + ": " + rollup.table + " disagrees with the raw rows in "
          + missing + " buckets and has " + extra + " buckets they do not make");
    }
  }

  private static Connection open(Path dataDir) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(StorageConfig.DATABASE_FILE).toAbsolutePath());
  }

  private static long single(Connection db, String sql) throws SQLException {
    try (Statement statement = db.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static void require(boolean holds, String message) {
    if (!holds) {
      throw new AssertionError(message);
    }
  }

  private Path fresh(String name) throws IOException {
    Path dir = work.resolve(name);
    if (Files.exists(dir)) {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    return Files.createDirectories(dir);
  }
}
