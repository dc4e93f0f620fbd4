package io.pistream.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Watches one MJPEG stream with a few viewers for a fixed time and reports per-viewer frame rate and
 * end-to-end latency: arrival time minus the part's {@code X-Timestamp}, the camera's capture time,
 * which crossed the cluster as a frame header (both nodes on one machine share the clock). Run by
 * {@code bench/run-cluster-bench.sh}; no dependencies, so it also runs as {@code java RemoteStreamProbe.java}.
 *
 * <p>Arguments: {@code url seconds viewers}. Prints one line of {@code key=value} pairs.
 */
public final class RemoteStreamProbe {

  public static void main(String[] args) throws Exception {
    URI url = URI.create(args[0]);
    long seconds = Long.parseLong(args[1]);
    int viewers = Integer.parseInt(args[2]);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    ExecutorService threads = Executors.newFixedThreadPool(viewers);
    long until = System.nanoTime() + Duration.ofSeconds(seconds + 2).toNanos();
    long measureFrom = System.currentTimeMillis() + 2000;
    List<Future<Viewer>> running = new ArrayList<>();
    for (int i = 0; i < viewers; i++) {
      running.add(threads.submit(() -> watch(http, url, until, measureFrom)));
    }
    List<Viewer> results = new ArrayList<>();
    for (Future<Viewer> viewer : running) {
      results.add(viewer.get());
    }
    threads.shutdown();
    double[] fps = results.stream().mapToDouble(v -> v.frames / (double) seconds).sorted().toArray();
    long[] latencies = results.stream().flatMapToLong(v -> Arrays.stream(v.latencies, 0, v.frames)).sorted().toArray();
    long bytes = results.stream().mapToLong(v -> v.bytes).sum();
    System.out.printf(Locale.ROOT, "viewers=%d fpsMin=%.1f fpsMedian=%.1f latencyMedianMs=%d latencyP95Ms=%d latencyMaxMs=%d mbitPerSec=%.1f%n",
        viewers, fps[0], fps[fps.length / 2], percentile(latencies, 50), percentile(latencies, 95),
        latencies.length == 0 ? -1 : latencies[latencies.length - 1], bytes * 8 / 1e6 / seconds);
  }

  private static final class Viewer {
    long[] latencies = new long[100_000];
    int frames;
    long bytes;
  }

  /** Reads parts until {@code until}; counts those that arrive after {@code measureFrom} (epoch ms). */
  private static Viewer watch(HttpClient http, URI url, long until, long measureFrom) throws IOException, InterruptedException {
    Viewer viewer = new Viewer();
    HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() != 200) {
      throw new IOException(url + " answered " + response.statusCode());
    }
    try (InputStream in = new BufferedInputStream(response.body(), 1 << 16)) {
      while (System.nanoTime() < until) {
        long length = -1;
        long timestampMs = -1;
        String line;
        // Boundary line, part headers, empty line.
        while ((line = readLine(in)) != null && !(line.isEmpty() && length >= 0)) {
          String lower = line.toLowerCase(Locale.ROOT);
          if (lower.startsWith("content-length:")) {
            length = Long.parseLong(line.substring(15).trim());
          } else if (lower.startsWith("x-timestamp:")) {
            timestampMs = Math.round(Double.parseDouble(line.substring(12).trim()) * 1000);
          }
        }
        if (line == null) {
          break;
        }
        in.skipNBytes(length);
        long now = System.currentTimeMillis();
        if (now >= measureFrom && viewer.frames < viewer.latencies.length) {
          viewer.latencies[viewer.frames++] = now - timestampMs;
          viewer.bytes += length;
        }
      }
    }
    return viewer;
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        int end = line.length();
        return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
      }
      line.append((char) b);
    }
    return null;
  }

  private static long percentile(long[] sorted, int p) {
    if (sorted.length == 0) {
      return -1;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }

  private RemoteStreamProbe() {
  }
}
