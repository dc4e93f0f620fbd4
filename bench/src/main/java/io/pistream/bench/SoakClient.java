package io.pistream.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Load side of the soak run (bench/run-soak.sh): for a bounded time, viewers join and leave one camera,
 * the history API is queried with random ranges, and the camera is restarted by a profile switch every
 * few minutes, while the server's resident memory, threads and open files are sampled from /proc. At the
 * end it prints each sample and the slope of each over the second half of the run (per hour), where a
 * leak shows and the warm-up does not.
 *
 * <p>Args as key=value: port, pid, minutes, sampleSeconds (10), maxViewers (8), out (a Markdown file
 * the summary is appended to).
 */
public final class SoakClient {

  private static final Logger log = LoggerFactory.getLogger(SoakClient.class);
  private static final List<String> RANGES = List.of("12h", "24h", "3d", "7d", "30d", "1y");

  private record Sample(long atMs, long rssKb, int threads, int openFiles) {
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> arg = new ConcurrentHashMap<>();
    for (String a : args) {
      arg.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
    }
    int port = Integer.parseInt(arg.get("port"));
    long pid = Long.parseLong(arg.get("pid"));
    long endAt = System.currentTimeMillis() + (long) (Double.parseDouble(arg.getOrDefault("minutes", "30")) * 60_000);
    long sampleMs = Long.parseLong(arg.getOrDefault("sampleSeconds", "10")) * 1000;
    int maxViewers = Integer.parseInt(arg.getOrDefault("maxViewers", "8"));
    Random random = new Random(42);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    AtomicLong queries = new AtomicLong();
    AtomicLong failedQueries = new AtomicLong();
    AtomicLong viewerSessions = new AtomicLong();
    AtomicLong streamBytes = new AtomicLong();
    AtomicLong restarts = new AtomicLong();
    ExecutorService viewers = Executors.newFixedThreadPool(maxViewers);
    for (int i = 0; i < maxViewers; i++) {
      long seed = random.nextLong();
      viewers.submit(() -> watchOnAndOff(port, endAt, new Random(seed), viewerSessions, streamBytes));
    }
    Thread queriesThread = new Thread(() -> {
      Random r = new Random(7);
      while (System.currentTimeMillis() < endAt) {
        String uri = r.nextBoolean() ? "/api/readings?range=" + RANGES.get(r.nextInt(RANGES.size())) : "/api/readings/latest";
        if (!get(http, port, uri)) {
          failedQueries.incrementAndGet();
        }
        queries.incrementAndGet();
        pause(500 + r.nextInt(1500));
      }
    }, "soak-queries");
    queriesThread.start();
    List<Sample> samples = new ArrayList<>();
    long nextRestart = System.currentTimeMillis() + 5 * 60_000;
    boolean medium = false;
    while (System.currentTimeMillis() < endAt) {
      samples.add(sample(pid));
      Sample last = samples.get(samples.size() - 1);
      log.info("sample {}: rss {} MB, {} threads, {} open files, {} queries ({} failed), {} viewer sessions", samples.size(),
          last.rssKb() / 1024, last.threads(), last.openFiles(), queries.get(), failedQueries.get(), viewerSessions.get());
      if (System.currentTimeMillis() >= nextRestart) {
        medium = !medium;
        post(http, port, "/api/cameras/cam0/profile", "{\"profile\":\"" + (medium ? "medium" : "high") + "\"}");
        restarts.incrementAndGet();
        nextRestart += 5 * 60_000;
      }
      pause(sampleMs);
    }
    queriesThread.join();
    viewers.shutdown();
    String summary = summary(samples, queries.get(), failedQueries.get(), viewerSessions.get(), streamBytes.get(), restarts.get());
    System.out.println(summary);
    if (arg.containsKey("out")) {
      Files.writeString(Path.of(arg.get("out")), summary + "\n", StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }
  }

  /** One viewer slot: watches for 5-60 s, leaves for 1-20 s, again until the end. */
  private static void watchOnAndOff(int port, long endAt, Random random, AtomicLong sessions, AtomicLong bytes) {
    byte[] buffer = new byte[65_536];
    while (System.currentTimeMillis() < endAt) {
      long until = Math.min(endAt, System.currentTimeMillis() + 5_000 + random.nextInt(55_000));
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write("GET /stream/cam0.mjpg HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        sessions.incrementAndGet();
        while (System.currentTimeMillis() < until) {
          int read = in.read(buffer);
          if (read < 0) {
            break;
          }
          bytes.addAndGet(read);
        }
      } catch (IOException e) {
        log.warn("a viewer failed: {}", e.toString());
      }
      pause(1_000 + random.nextInt(19_000));
    }
  }

  private static Sample sample(long pid) throws IOException {
    long rss = 0;
    int threads = 0;
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        rss = Long.parseLong(line.replaceAll("\\D", ""));
      } else if (line.startsWith("Threads:")) {
        threads = Integer.parseInt(line.replaceAll("\\D", ""));
      }
    }
    int files;
    try (var fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
      files = (int) fds.count();
    }
    return new Sample(System.currentTimeMillis(), rss, threads, files);
  }

  private static String summary(List<Sample> samples, long queries, long failedQueries, long sessions, long bytes, long restarts) {
    List<Sample> secondHalf = samples.subList(samples.size() / 2, samples.size());
    Sample first = samples.get(0);
    Sample last = samples.get(samples.size() - 1);
    double minutes = (last.atMs() - first.atMs()) / 60_000.0;
    return String.format(Locale.ROOT, "| %s | %.0f min | %d -> %d MB (%+.2f MB/h) | %d -> %d (%+.2f /h) | %d -> %d (%+.2f /h) | %d (%d failed) | %d (%.0f MB) | %d |",
        java.time.LocalDate.now(), minutes,
        first.rssKb() / 1024, last.rssKb() / 1024, slopePerHour(secondHalf, s -> s.rssKb() / 1024.0),
        first.threads(), last.threads(), slopePerHour(secondHalf, s -> s.threads()),
        first.openFiles(), last.openFiles(), slopePerHour(secondHalf, s -> s.openFiles()),
        queries, failedQueries, sessions, bytes / 1e6, restarts);
  }

  /** Least-squares slope of the value over time, per hour. */
  private static double slopePerHour(List<Sample> samples, java.util.function.ToDoubleFunction<Sample> value) {
    double n = samples.size();
    double meanT = samples.stream().mapToDouble(s -> s.atMs() / 3_600_000.0).sum() / n;
    double meanV = samples.stream().mapToDouble(value).sum() / n;
    double num = 0;
    double den = 0;
    for (Sample s : samples) {
      double t = s.atMs() / 3_600_000.0 - meanT;
      num += t * (value.applyAsDouble(s) - meanV);
      den += t * t;
    }
    return den == 0 ? 0 : num / den;
  }

  private static boolean get(HttpClient http, int port, String uri) {
    try {
      HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + uri))
          .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void post(HttpClient http, int port, String uri, String json) {
    try {
      http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + uri)).timeout(Duration.ofSeconds(30))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
          HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      log.warn("the camera restart failed: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private SoakClient() {
  }
}
