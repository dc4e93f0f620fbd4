package io.pistream.bench;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.HistoryQuery;
import io.pistream.contracts.HistoryResult;
import io.pistream.contracts.LatestQuery;
import io.pistream.contracts.Reading;
import io.pistream.contracts.StoreBatch;
import io.pistream.contracts.SensorKey;
import io.pistream.storage.StorageVerticle;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.pistream.bench.StorageBenchHttpClient.RangeLatency;
import java.io.IOException;
import java.io.Reader;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Storage benchmark, run by {@code bench/run-storage-bench.sh} with the Pi's JVM flags:
 * <ol>
 *   <li>ingest: readings sent to storage on the bus until the storage verticle has committed them all;</li>
 *   <li>history latency on the generated year ({@link StorageBenchData}) for 1h..1y at 1000 points,
 *       while readings keep arriving, over the bus and over HTTP ({@code GET /api/readings}), the HTTP
 *       client in a JVM of its own ({@link StorageBenchHttpClient}; in this one with
 *       {@code -DstorageBench.httpClient=same-jvm}).</li>
 * </ol>
 * Usage: {@code StorageBench <workDir> [ingest,history]} (both parts by default); the year must already
 * be in {@code <workDir>/year}.
 */
public final class StorageBench {

  private static final Logger log = LoggerFactory.getLogger(StorageBench.class);

  private static final int INGEST_SENSORS = 4;
  private static final int INGEST_WARMUP = 300_000;
  private static final int INGEST_MEASURED = 2_000_000;
  /** Readings published but not yet committed, at most: bounds the memory the bus queue takes. */
  private static final int INGEST_WINDOW = 40_000;
  private static final int INGEST_CHUNK = 1_000;
  private static final int LIVE_READINGS_PER_SECOND = 1000;
  private static final int QUERY_WARMUP = 30;
  private static final int QUERY_MEASURED = 200;
  private static final int MAX_POINTS = 1000;
  private static final long HOUR = 3_600_000L;
  private static final long DAY = 24 * HOUR;
  /** The HTTP client's JVM: the JDK's defaults (C2) with a heap cap, like a browser on another machine, but on these cores. */
  private static final List<String> CLIENT_JVM_FLAGS = List.of("-Xmx256m", "-XX:+UseSerialGC");
  private static final long CLIENT_TIMEOUT_MINUTES = 10;

  private final Vertx vertx = Vertx.vertx();
  private final Path workDir;
  private final List<String> parts;
  private final boolean sameJvmClient = "same-jvm".equals(System.getProperty("storageBench.httpClient"));
  private final List<String> table = new ArrayList<>();

  private StorageBench(Path workDir, List<String> parts) {
    this.workDir = workDir;
    this.parts = parts;
  }

  public static void main(String[] args) throws Exception {
    StorageBench bench = new StorageBench(Path.of(args.length > 0 ? args[0] : "bench/target/storage-bench"),
        List.of((args.length > 1 ? args[1] : "ingest,history").split(",")));
    try {
      bench.run();
    } finally {
      bench.vertx.close().await();
    }
  }

  private void run() throws Exception {
    Runtime runtime = Runtime.getRuntime();
    table.add(String.format(Locale.ROOT, "JVM: %s, max heap %d MB, %d cores, flags: %s", System.getProperty("java.version"),
        runtime.maxMemory() >> 20, runtime.availableProcessors(),
        String.join(" ", java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments())));
    if (parts.contains("ingest")) {
      ingest();
    }
    if (parts.contains("history")) {
      history();
    }
    table.forEach(line -> log.info("{}", line));
  }

  // --- ingest ----------------------------------------------------------------------------------------

  private void ingest() throws IOException {
    Path dir = workDir.resolve("ingest");
    deleteTree(dir);
    String id = deployStorage(dir).await();
    long base = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
    publishAndAwaitCommit(base, 0, INGEST_WARMUP).await();
    long started = System.nanoTime();
    publishAndAwaitCommit(base, INGEST_WARMUP, INGEST_WARMUP + INGEST_MEASURED).await();
    double seconds = (System.nanoTime() - started) / 1e9;
    vertx.undeploy(id).await();
    long committed = countRaw(dir);
    table.add(String.format(Locale.ROOT, "ingest: %,d readings sent to storage on the bus and committed in %.2f s = %,d readings/s"
        + " (%,d rows in the file after warm-up + run)", INGEST_MEASURED, seconds, Math.round(INGEST_MEASURED / seconds), committed));
  }

  /**
   * Publishes readings {@code [from, to)} round robin over the sensors, 2 s apart per sensor, keeping at
   * most {@link #INGEST_WINDOW} uncommitted; completes once the newest of each sensor is committed.
   */
  private Future<Void> publishAndAwaitCommit(long base, long from, long to) {
    Promise<Void> done = Promise.promise();
    Context context = vertx.getOrCreateContext();
    context.runOnContext(v -> new Object() {
      long published = from;
      long committed = from;

      void step() {
        if (published < to && published - committed < INGEST_WINDOW) {
          long end = Math.min(to, published + INGEST_CHUNK);
          for (; published < end; published++) {
            vertx.eventBus().send(Addresses.STORAGE_STORE, new StoreBatch(List.of(ingestReading(base, published))).toJson());
          }
          context.runOnContext(x -> step());
          return;
        }
        committedCount(base).onComplete(result -> {
          if (result.failed()) {
            done.fail(result.cause());
            return;
          }
          committed = result.result();
          if (committed >= to) {
            done.complete();
          } else {
            vertx.setTimer(published < to ? 1 : 5, x -> step());
          }
        });
      }
    }.step());
    return done.future();
  }

  private static Reading ingestReading(long base, long index) {
    int sensor = (int) (index % INGEST_SENSORS);
    long ts = base + (index / INGEST_SENSORS) * 2000;
    return new Reading("bench", "i" + sensor, ts, 15 + (index % 200) / 10.0, 40 + (index % 300) / 10.0);
  }

  /** Readings committed so far: each sensor's newest stored timestamp says how many of its readings are in. */
  private Future<Long> committedCount(long base) {
    return vertx.eventBus().<JsonObject>request(Addresses.STORAGE_LATEST, new LatestQuery(List.of()).toJson())
        .map(reply -> {
          long committed = 0;
          // Writes commit in publishing order, so the committed readings are a prefix of the indexes.
          for (Object o : reply.body().getJsonArray("readings")) {
            Reading latest = Reading.fromJson((JsonObject) o);
            long perSensorIndex = (latest.ts() - base) / 2000;
            int sensor = Integer.parseInt(latest.sensor().substring(1));
            committed = Math.max(committed, perSensorIndex * INGEST_SENSORS + sensor + 1);
          }
          return committed;
        });
  }

  // --- history ---------------------------------------------------------------------------------------

  private void history() throws Exception {
    Path dir = workDir.resolve("year");
    Properties generated = new Properties();
    try (Reader in = Files.newBufferedReader(dir.resolve(StorageBenchData.MARKER))) {
      generated.load(in);
    }
    long end = Long.parseLong(generated.getProperty("end"));
    table.add(String.format(Locale.ROOT, "year data: %,d readings of %d sensors, generated in %s s, file %,d MB",
        Long.parseLong(generated.getProperty("readings")), StorageBenchData.SENSORS.length, generated.getProperty("seconds"),
        Files.size(dir.resolve("pistream.db")) >> 20));
    deployStorage(dir).await();
    int port = freePort();
    String webId = deployWeb(port).await();
    long liveTimer = startLiveReadings(newestStoredTs().await());

    Map<String, Long> ranges = new LinkedHashMap<>();
    ranges.put("1h", HOUR);
    ranges.put("24h", DAY);
    ranges.put("7d", 7 * DAY);
    ranges.put("30d", 30 * DAY);
    ranges.put("1y", 365 * DAY);
    List<SensorKey> sensors = Stream.of(StorageBenchData.SENSORS).map(s -> new SensorKey(StorageBenchData.NODE, s)).toList();

    Map<String, HistoryQuery> queries = new LinkedHashMap<>();
    Map<String, HistoryResult> samples = new LinkedHashMap<>();
    Map<String, LatencySample> bus = new LinkedHashMap<>();
    for (Map.Entry<String, Long> range : ranges.entrySet()) {
      HistoryQuery query = new HistoryQuery(sensors, end - range.getValue(), end, MAX_POINTS, false);
      queries.put(range.getKey(), query);
      samples.put(range.getKey(), HistoryResult.fromJson(busQuery(query).await()));
      bus.put(range.getKey(), measure(() -> busQuery(query).mapEmpty()));
    }
    Map<String, RangeLatency> http = webId == null ? Map.of() : httpLatencies(port, queries);

    table.add(String.format(Locale.ROOT, "%-6s %-10s %8s %9s %10s %10s %10s %10s", "range", "table", "bucket", "points",
        "bus med", "bus p95", "http med", "http p95"));
    for (String range : ranges.keySet()) {
      HistoryResult sample = samples.get(range);
      int points = sample.series().stream().mapToInt(s -> s.points().size()).max().orElse(0);
      RangeLatency overHttp = http.get(range);
      if (overHttp != null && overHttp.points() != points) {
        throw new IllegalStateException(range + ": " + overHttp.points() + " points over HTTP, " + points + " over the bus");
      }
      table.add(String.format(Locale.ROOT, "%-6s %-10s %7.1fs %9d %8.2fms %8.2fms %10s %10s", range, sample.resolution(),
          sample.bucketMs() / 1000.0, points, bus.get(range).medianMs(), bus.get(range).p95Ms(),
          overHttp == null ? "-" : String.format(Locale.ROOT, "%.2fms", overHttp.medianMs()),
          overHttp == null ? "-" : String.format(Locale.ROOT, "%.2fms", overHttp.p95Ms())));
    }
    table.add(String.format(Locale.ROOT, "(%d queries per range after %d warm-up, one at a time, 2 sensors each, while %d readings/s"
        + " arrive; http = GET /api/readings through the web verticle, client %s)", QUERY_MEASURED, QUERY_WARMUP,
        LIVE_READINGS_PER_SECOND, sameJvmClient ? "in this JVM" : "in a JVM of its own (" + String.join(" ", CLIENT_JVM_FLAGS) + ")"));
    vertx.cancelTimer(liveTimer);
  }

  /** Every range over HTTP, from the client in its own JVM unless the same-JVM client was asked for. */
  private Map<String, RangeLatency> httpLatencies(int port, Map<String, HistoryQuery> queries) throws Exception {
    String sensorNames = String.join(",", Stream.of(StorageBenchData.SENSORS).map(s -> StorageBenchData.NODE + "/" + s).toList());
    Map<String, RangeLatency> latencies = new LinkedHashMap<>();
    if (sameJvmClient) {
      StorageBenchHttpClient client = new StorageBenchHttpClient(vertx, port);
      for (Map.Entry<String, HistoryQuery> query : queries.entrySet()) {
        latencies.put(query.getKey(), client.measure(query.getKey(), query.getValue().from(), query.getValue().to(),
            List.of(sensorNames.split(",")), QUERY_WARMUP, QUERY_MEASURED));
      }
      client.close();
      return latencies;
    }
    Path results = workDir.resolve("http-latencies.txt");
    Files.deleteIfExists(results);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(CLIENT_JVM_FLAGS);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), StorageBenchHttpClient.class.getName(),
        Integer.toString(port), Integer.toString(QUERY_WARMUP), Integer.toString(QUERY_MEASURED), sensorNames, results.toString()));
    queries.forEach((name, query) -> command.add(name + "=" + query.from() + "/" + query.to()));
    Process client = new ProcessBuilder(command).inheritIO().start();
    if (!client.waitFor(CLIENT_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
      client.destroyForcibly();
      throw new IllegalStateException("the HTTP client did not finish in " + CLIENT_TIMEOUT_MINUTES + " minutes");
    }
    if (client.exitValue() != 0) {
      throw new IllegalStateException("the HTTP client failed with exit code " + client.exitValue());
    }
    for (String line : Files.readAllLines(results)) {
      RangeLatency latency = RangeLatency.parse(line);
      latencies.put(latency.range(), latency);
    }
    return latencies;
  }

  private Future<JsonObject> busQuery(HistoryQuery query) {
    return vertx.eventBus().<JsonObject>request(Addresses.STORAGE_HISTORY, query.toJson()).map(m -> m.body());
  }

  private LatencySample measure(java.util.function.Supplier<Future<Void>> query) {
    for (int i = 0; i < QUERY_WARMUP; i++) {
      query.get().await();
    }
    LatencySample sample = new LatencySample(QUERY_MEASURED);
    for (int i = 0; i < QUERY_MEASURED; i++) {
      long started = System.nanoTime();
      query.get().await();
      sample.add(System.nanoTime() - started);
    }
    return sample;
  }

  /**
   * The newest reading stored of any sensor: earlier runs' live readings are in the reused year, and
   * readings stamped before it would be duplicates that storage skips, which is not the load we mean.
   */
  private Future<Long> newestStoredTs() {
    return vertx.eventBus().<JsonObject>request(Addresses.STORAGE_LATEST, new LatestQuery(List.of()).toJson())
        .map(reply -> reply.body().getJsonArray("readings").stream()
            .mapToLong(o -> Reading.fromJson((JsonObject) o).ts())
            .max()
            .orElse(0L));
  }

  /** Keeps sending fresh readings of the year's sensors, each after the newest stored one. */
  private long startLiveReadings(long newestStored) {
    long[] next = new long[StorageBenchData.SENSORS.length];
    for (int s = 0; s < next.length; s++) {
      next[s] = newestStored + 2000;
    }
    int perTick = LIVE_READINGS_PER_SECOND / 100;
    return vertx.setPeriodic(10, id -> {
      for (int i = 0; i < perTick; i++) {
        int s = i % next.length;
        vertx.eventBus().send(Addresses.STORAGE_STORE, new StoreBatch(List.of(
            new Reading(StorageBenchData.NODE, StorageBenchData.SENSORS[s], next[s], 21.5, 48))).toJson());
        next[s] += 2000;
      }
    });
  }

  // --- plumbing --------------------------------------------------------------------------------------

  private Future<String> deployStorage(Path dir) {
    JsonObject config = new JsonObject().put("dataDir", dir.toString()).put("retentionDays", 0)
        .put("node", new JsonObject().put("id", "bench").put("name", "bench"));
    return vertx.deployVerticle(new StorageVerticle(), new DeploymentOptions().setConfig(config));
  }

  /** The web verticle when this build has it; null when it cannot start (the table then shows no HTTP column). */
  private Future<String> deployWeb(int port) {
    JsonObject config = new JsonObject().put("host", "127.0.0.1").put("port", port)
        .put("node", new JsonObject().put("id", "bench").put("name", "bench"));
    return vertx.deployVerticle("io.pistream.web.WebVerticle", new DeploymentOptions().setConfig(config))
        .recover(e -> {
          log.warn("web verticle not deployed, measuring over the bus only: {}", e.toString());
          return Future.succeededFuture(null);
        });
  }

  private static long countRaw(Path dir) {
    try (var connection = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("pistream.db"));
        var statement = connection.createStatement();
        var rows = statement.executeQuery("SELECT count(*) FROM readings_raw")) {
      rows.next();
      return rows.getLong(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("cannot count the ingested rows", e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
