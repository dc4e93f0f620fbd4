package io.pistream.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Load side of the stream benchmark, in its own JVM: N viewers (some of them slow readers) on one
 * camera, then over a bounded window the delivered fps per viewer, time to first frame, and the
 * server's CPU and RSS read from /proc. Appends one Markdown table row to the output file.
 *
 * <p>Args as key=value: label, port, path, viewers, slow, slowBytesPerSec, seconds, pid, clkTck, out,
 * overCap (extra requests expected to be refused).
 */
public final class StreamBenchClient {

  private static final Logger log = LoggerFactory.getLogger(StreamBenchClient.class);
  // one at a time: time to first frame is then what one viewer joining a busy server waits, not a burst
  private static final int BATCH = 1;

  public static void main(String[] args) throws IOException {
    Map<String, String> arg = new HashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      arg.put(a.substring(0, eq), a.substring(eq + 1));
    }
    String label = arg.get("label");
    int port = Integer.parseInt(arg.get("port"));
    String path = arg.get("path");
    int viewers = Integer.parseInt(arg.get("viewers"));
    int slow = Integer.parseInt(arg.getOrDefault("slow", "0"));
    long slowRate = Long.parseLong(arg.getOrDefault("slowBytesPerSec", "20000"));
    int seconds = Integer.parseInt(arg.getOrDefault("seconds", "15"));
    long pid = Long.parseLong(arg.get("pid"));
    int clkTck = Integer.parseInt(arg.getOrDefault("clkTck", "100"));
    int overCap = Integer.parseInt(arg.getOrDefault("overCap", "0"));
    Path out = Path.of(arg.get("out"));

    Vertx vertx = Vertx.vertx();
    // large chunks: each part arrives as one HTTP chunk, so the client does not slice it into 8 KB pieces
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setMaxChunkSize(1 << 20),
        new PoolOptions().setHttp1MaxSize(viewers + overCap + 10));
    try {
      String row = run(vertx, client, label, port, path, viewers, slow, slowRate, seconds, pid, clkTck, overCap);
      Files.writeString(out, row + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      log.info("{}", row);
    } finally {
      vertx.close().await();
    }
  }

  private static String run(Vertx vertx, HttpClient client, String label, int port, String path, int count, int slow,
      long slowRate, int seconds, long pid, int clkTck, int overCap) throws IOException {
    List<StreamBenchViewer> viewers = new ArrayList<>();
    // The first viewer starts the camera; its wait is camera start-up, not time to first frame.
    StreamBenchViewer first = new StreamBenchViewer(vertx, 0);
    expect200(first.open(client, port, path).timeout(10, TimeUnit.SECONDS).await());
    waitForParts(first, 1);
    viewers.add(first);
    while (viewers.size() < count) {
      List<Future<Integer>> batch = new ArrayList<>();
      List<StreamBenchViewer> opened = new ArrayList<>();
      for (int i = 0; i < BATCH && viewers.size() + opened.size() < count; i++) {
        boolean isSlow = viewers.size() + opened.size() >= count - slow;
        StreamBenchViewer viewer = new StreamBenchViewer(vertx, isSlow ? slowRate : 0);
        opened.add(viewer);
        batch.add(viewer.open(client, port, path));
      }
      Future.all(batch).timeout(30, TimeUnit.SECONDS).await();
      batch.forEach(status -> expect200(status.result()));
      viewers.addAll(opened);
    }
    for (StreamBenchViewer viewer : viewers.subList(0, count - slow)) {
      waitForParts(viewer, 1);
    }
    double[] firstFrame = viewers.stream().skip(1).limit(count - slow - 1L).mapToDouble(StreamBenchViewer::firstFrameMs).sorted().toArray();

    // warm-up, then the measured window
    pause(2000);
    long[] partsBefore = viewers.stream().mapToLong(StreamBenchViewer::parts).toArray();
    long bytesBefore = viewers.stream().mapToLong(StreamBenchViewer::bytes).sum();
    long ticksBefore = cpuTicks(pid);
    long started = System.nanoTime();
    pause(seconds * 1000L);
    double window = (System.nanoTime() - started) / 1e9;
    long ticksAfter = cpuTicks(pid);
    long bytesAfter = viewers.stream().mapToLong(StreamBenchViewer::bytes).sum();
    long[] partsAfter = viewers.stream().mapToLong(StreamBenchViewer::parts).toArray();
    long rssKb = rssKb(pid);

    int normal = count - slow;
    double[] fps = new double[normal];
    for (int i = 0; i < normal; i++) {
      fps[i] = (partsAfter[i] - partsBefore[i]) / window;
    }
    Arrays.sort(fps);
    double[] slowFps = new double[slow];
    for (int i = 0; i < slow; i++) {
      slowFps[i] = (partsAfter[normal + i] - partsBefore[normal + i]) / window;
    }
    double cpuSeconds = (ticksAfter - ticksBefore) / (double) clkTck;
    double gigabytes = (bytesAfter - bytesBefore) / 1e9;
    JsonObject camera = cameraEntry(client, port, path);
    long skipped = camera.getLong("skippedFrames");
    long slowDropped = camera.getLong("stallDisconnects");
    String overCapResult = overCap > 0 ? refusals(client, port, path, overCap) : "";

    for (StreamBenchViewer viewer : viewers) {
      viewer.close();
    }
    String notes = overCapResult;
    if (slow > 0) {
      notes = String.format(Locale.ROOT, "%d slow readers: %.2f fps median, %d disconnected for stalling", slow,
          median(slowFps), slowDropped);
    }
    return String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %s | %s | %.0f%% | %.3f | %.1f | %.0f | %d | %s |",
        label, count, fps[0], median(fps),
        firstFrame.length == 0 ? "-" : String.format(Locale.ROOT, "%.1f", median(firstFrame)),
        firstFrame.length == 0 ? "-" : String.format(Locale.ROOT, "%.1f", percentile(firstFrame, 0.95)),
        cpuSeconds / window * 100, gigabytes > 0 ? cpuSeconds / gigabytes : 0, rssKb / 1024.0,
        gigabytes * 8 * 1000 / window, skipped, notes);
  }

  private static void expect200(int status) {
    if (status != 200) {
      throw new IllegalStateException("a viewer was answered " + status + " instead of a stream");
    }
  }

  private static void waitForParts(StreamBenchViewer viewer, long parts) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (viewer.parts() < parts) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no frame within 30 s");
      }
      pause(5);
    }
  }

  /** Asks for streams beyond the cap, one at a time: each should be a 503 with Retry-After, at once. */
  private static String refusals(HttpClient client, int port, String path, int count) {
    double[] ms = new double[count];
    int refused = 0;
    for (int i = 0; i < count; i++) {
      long start = System.nanoTime();
      HttpClientResponse response = client.request(HttpMethod.GET, port, "127.0.0.1", path)
          .compose(request -> request.send())
          .compose(answer -> answer.body().map(body -> answer))
          .timeout(10, TimeUnit.SECONDS)
          .await();
      ms[i] = (System.nanoTime() - start) / 1e6;
      if (response.statusCode() == 503 && response.getHeader("Retry-After") != null) {
        refused++;
      }
    }
    Arrays.sort(ms);
    return String.format(Locale.ROOT, "%d/%d over-cap requests got 503 + Retry-After, median %.1f ms, max %.1f ms",
        refused, count, median(ms), ms[count - 1]);
  }

  private static JsonObject cameraEntry(HttpClient client, int port, String path) {
    JsonObject list = client.request(HttpMethod.GET, port, "127.0.0.1", "/api/cameras")
        .compose(request -> request.send())
        .compose(HttpClientResponse::body)
        .timeout(10, TimeUnit.SECONDS)
        .await()
        .toJsonObject();
    String camera = path.substring(path.lastIndexOf('/') + 1).replace(".mjpg", "");
    for (Object entry : list.getJsonArray("cameras")) {
      if (((JsonObject) entry).getString("id").equals(camera)) {
        return (JsonObject) entry;
      }
    }
    throw new IllegalStateException("camera " + camera + " is not listed");
  }

  private static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // fields[0] is the state (field 3); utime and stime are fields 14 and 15
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  private static long rssKb(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  private static double median(double[] sorted) {
    if (sorted.length == 0) {
      return 0;
    }
    double[] copy = sorted.clone();
    Arrays.sort(copy);
    return copy[copy.length / 2];
  }

  private static double percentile(double[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  private static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private StreamBenchClient() {
  }
}
