package io.pistream.bench;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.LatestQuery;
import io.pistream.contracts.Reading;
import io.pistream.contracts.StoreBatch;
import io.pistream.storage.SqliteBulkLoader;
import io.pistream.storage.StorageVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Bytes written to the disk per stored reading for one sensor every 2 s, as the kernel counts them for
 * the storage JVM ({@code write_bytes} of {@code /proc/<pid>/io}: the database, its write-ahead log and
 * checkpoints, its shared-memory index), for each flush window given.
 *
 * <p>Time is compressed, not the batches: each flush gets exactly the readings one sensor every 2 s gives
 * in one window ({@code flushEveryMillis / 2000}, at least one), with {@code flushEveryReadings} set to
 * that number so the flush comes at once, and the next batch waits for the commit. With
 * {@code synchronous: full} every commit is synced, so the kernel cannot merge the writes of commits that
 * real time would have spread out. Between commits that real time sets 30 s or more apart (the kernel's
 * {@code dirty_expire_centisecs}), the bench runs {@code sync}, so that pages the kernel would have
 * written back meanwhile (the memory-mapped {@code -shm} index above all) count again when the next
 * commit dirties them. The database first holds 30 days of that sensor, as in steady state.
 *
 * <p>Pruning is measured on its own, as real time would run it: every {@code pruneEveryMinutes}
 * ({@code -Dbench.pruneEveryMinutes}, 60 by default) a pass deletes what left the 30-day retention
 * meanwhile. The child starts storage on 30 days and that much more, the pass at start deletes it; the
 * same start with nothing to delete is subtracted.
 *
 * <p>Usage: {@code StorageWritesBench <workDir> <flushEveryMillis>[,<flushEveryMillis>...] [readings]
 * [jvm flag...]}; the storage JVM is a child started with the flags given.
 */
public final class StorageWritesBench {

  private static final long STEP_MS = 2000;
  private static final long DAY_MS = 86_400_000L;
  private static final long READINGS_PER_YEAR = 365 * DAY_MS / STEP_MS;
  private static final int PREFILL_DAYS = 30;
  private static final long KERNEL_WRITEBACK_MS = 30_000;

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--prune")) {
      pruneChild(Path.of(args[1]));
      return;
    }
    if (args.length > 0 && args[0].equals("--child")) {
      child(Path.of(args[1]), Long.parseLong(args[2]), Integer.parseInt(args[3]), Long.parseLong(args[4]));
      return;
    }
    Path work = Path.of(args[0]);
    int wanted = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
    List<String> jvmFlags = args.length > 3 ? List.of(args).subList(3, args.length) : List.of();
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    out.printf("%-16s %8s %10s %14s %12s %10s%n", "flushEveryMillis", "per-flush", "readings", "write_bytes", "bytes/reading", "GB/year");
    for (String window : args[1].split(",")) {
      long flushEveryMillis = Long.parseLong(window);
      // Whole flushes only: a last, smaller batch would wait for the timer, in real time.
      int readings = Math.max(1, wanted / perFlush(flushEveryMillis)) * perFlush(flushEveryMillis);
      Path dataDir = work.resolve("flush-" + flushEveryMillis);
      long start = prefill(dataDir, 0);
      long written = measure(dataDir, flushEveryMillis, readings, start, jvmFlags);
      double perReading = (double) written / readings;
      out.printf(Locale.ROOT, "%-16d %8d %10d %14d %12.1f %10.2f%n", flushEveryMillis, perFlush(flushEveryMillis), readings,
          written, perReading, perReading * READINGS_PER_YEAR / 1e9);
    }
    long pruneMinutes = Long.getLong("bench.pruneEveryMinutes", 60);
    long pruning = pruneStart(work.resolve("prune"), pruneMinutes * 60_000L, jvmFlags);
    long starting = pruneStart(work.resolve("no-prune"), 0, jvmFlags);
    double perReading = (double) (pruning - starting) / (pruneMinutes * 60_000L / STEP_MS);
    out.printf(Locale.ROOT, "prune pass every %d min: start with the pass %d bytes, without %d; %.1f bytes/reading, %.2f GB/year%n",
        pruneMinutes, pruning, starting, perReading, perReading * READINGS_PER_YEAR / 1e9);
  }

  /** Bytes a storage start writes until its first prune pass is done, with {@code toPruneMs} of readings to prune or none. */
  private static long pruneStart(Path dataDir, long toPruneMs, List<String> jvmFlags) throws Exception {
    // The prefill's first hour is inside the retention; what lies before it is pruned.
    prefill(dataDir, toPruneMs == 0 ? 0 : toPruneMs + 3_600_000L);
    return childWriteBytes(jvmFlags, List.of("--prune", dataDir.toString()));
  }

  /** Starts storage with the 30-day retention, says done once nothing older than 30 days is left. */
  private static void pruneChild(Path dataDir) throws Exception {
    BufferedReader control = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    Vertx vertx = Vertx.vertx();
    System.out.println("ready");
    System.out.flush();
    control.readLine();
    JsonObject config = new JsonObject().put("dataDir", dataDir.toString()).put("retentionDays", PREFILL_DAYS)
        .put("node", new JsonObject().put("id", "bench").put("name", "bench"));
    vertx.deployVerticle(new StorageVerticle(), new DeploymentOptions().setConfig(config)).await();
    long cutoff = System.currentTimeMillis() - PREFILL_DAYS * DAY_MS;
    try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("pistream.db")
        + "?open_mode=1")) {
      while (true) {
        try (var statement = db.createStatement();
            var rows = statement.executeQuery("SELECT count(*) FROM readings_raw WHERE ts < " + cutoff)) {
          rows.next();
          if (rows.getLong(1) == 0) {
            break;
          }
        }
        Thread.sleep(20);
      }
    }
    System.out.println("done");
    System.out.flush();
    control.readLine();
    vertx.close().await();
  }

  static int perFlush(long flushEveryMillis) {
    return (int) Math.max(1, flushEveryMillis / STEP_MS);
  }

  /**
   * 30 days of one sensor ending now (and {@code beyondMs} more before them); the measured readings
   * continue from there.
   */
  private static long prefill(Path dataDir, long beyondMs) throws Exception {
    if (Files.exists(dataDir)) {
      try (var files = Files.walk(dataDir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    long end = System.currentTimeMillis() / STEP_MS * STEP_MS;
    try (SqliteBulkLoader loader = SqliteBulkLoader.open(dataDir)) {
      for (long ts = end - PREFILL_DAYS * DAY_MS + 3_600_000L - beyondMs; ts < end; ts += STEP_MS) {
        loader.add("bench", "s1", ts, 20 + Math.sin(ts / 3.6e6), 50);
      }
    }
    return end;
  }

  private static long measure(Path dataDir, long flushEveryMillis, int readings, long start, List<String> jvmFlags)
      throws IOException, InterruptedException {
    return childWriteBytes(jvmFlags, List.of("--child", dataDir.toString(), Long.toString(flushEveryMillis), Integer.toString(readings),
        Long.toString(start)));
  }

  /**
   * Runs this class in a child JVM with {@code args} and answers the bytes it wrote to disk between its
   * "ready" and its "done" (write_bytes of /proc/&lt;pid&gt;/io), then stops it.
   */
  private static long childWriteBytes(List<String> jvmFlags, List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmFlags);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), StorageWritesBench.class.getName()));
    command.addAll(args);
    Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        Writer control = new java.io.OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8)) {
      await(lines, "ready");
      long before = writeBytes(child.pid());
      control.write("go\n");
      control.flush();
      await(lines, "done");
      long after = writeBytes(child.pid());
      control.write("stop\n");
      control.flush();
      child.waitFor();
      return after - before;
    }
  }

  private static void await(BufferedReader lines, String marker) throws IOException {
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      if (line.equals(marker)) {
        return;
      }
      if (line.contains("WARN") || line.contains("ERROR")) {
        System.err.println("storage JVM: " + line);
      }
    }
    throw new IOException("the storage JVM ended before saying " + marker);
  }

  static long writeBytes(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "io"))) {
      if (line.startsWith("write_bytes:")) {
        return Long.parseLong(line.substring("write_bytes:".length()).trim());
      }
    }
    throw new IOException("no write_bytes in /proc/" + pid + "/io");
  }

  /** The storage JVM: deploys storage, says ready, feeds the readings a flush at a time, says done. */
  private static void child(Path dataDir, long flushEveryMillis, int readings, long start) throws Exception {
    int perFlush = perFlush(flushEveryMillis);
    Vertx vertx = Vertx.vertx();
    JsonObject config = new JsonObject().put("dataDir", dataDir.toString())
        .put("flushEveryMillis", flushEveryMillis).put("flushEveryReadings", perFlush)
        .put("node", new JsonObject().put("id", "bench").put("name", "bench"));
    vertx.deployVerticle(new StorageVerticle(), new DeploymentOptions().setConfig(config)).await();
    BufferedReader control = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    System.out.println("ready");
    System.out.flush();
    control.readLine();
    long ts = start;
    for (int fed = 0; fed < readings; fed += perFlush) {
      if (flushEveryMillis >= KERNEL_WRITEBACK_MS) {
        new ProcessBuilder("sync").inheritIO().start().waitFor();
      }
      List<Reading> batch = new ArrayList<>();
      for (int i = 0; i < Math.min(perFlush, readings - fed); i++, ts += STEP_MS) {
        batch.add(new Reading("bench", "s1", ts, 20 + Math.sin(ts / 3.6e6), 50));
      }
      vertx.eventBus().request(Addresses.STORAGE_STORE, new StoreBatch(batch).toJson()).await();
      awaitStored(vertx, ts - STEP_MS);
    }
    System.out.println("done");
    System.out.flush();
    control.readLine();
    vertx.close().await();
  }

  private static void awaitStored(Vertx vertx, long ts) throws InterruptedException {
    while (true) {
      JsonObject latest = (JsonObject) vertx.eventBus().request(Addresses.STORAGE_LATEST, new LatestQuery(List.of()).toJson())
          .await().body();
      JsonArray stored = latest.getJsonArray("readings");
      if (!stored.isEmpty() && stored.getJsonObject(0).getLong("ts") >= ts) {
        return;
      }
      Thread.sleep(1);
    }
  }

  private StorageWritesBench() {
  }
}
