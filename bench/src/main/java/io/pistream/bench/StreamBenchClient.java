package io.pistream.bench;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Load side of the stream benchmark, in its own JVM: N raw-socket viewers (some of them slow readers)
 * on one camera, driven by {@code threads} selector threads; then over a bounded window the delivered
 * fps per viewer, time to first frame, the server's CPU and RSS read from /proc and this client's own
 * CPU. Appends one Markdown table row to the output file.
 *
 * <p>Args as key=value: server (which server this is, for the row and the ratios), label, port, path,
 * viewers (0: measure the idle server), slow, slowBytesPerSec, seconds, pid, clkTck, out, tsv (one
 * tab-separated line per case for the ratios), overCap (extra requests expected to be refused), threads,
 * untilRefused (true: viewers join one at a time, each with {@code ?client=}, until one is refused or
 * {@code viewers} watch; the row then says how many were served at which step of the camera's ladder).
 */
public final class StreamBenchClient {

  private static final Logger log = LoggerFactory.getLogger(StreamBenchClient.class);

  public static void main(String[] args) throws IOException, InterruptedException {
    Map<String, String> arg = new HashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      arg.put(a.substring(0, eq), a.substring(eq + 1));
    }
    Settings settings = new Settings(arg.getOrDefault("server", "pistream"), arg.get("label"), Integer.parseInt(arg.get("port")), arg.get("path"),
        Integer.parseInt(arg.get("viewers")), Integer.parseInt(arg.getOrDefault("slow", "0")),
        Long.parseLong(arg.getOrDefault("slowBytesPerSec", "20000")), Integer.parseInt(arg.getOrDefault("seconds", "15")),
        Long.parseLong(arg.get("pid")), Integer.parseInt(arg.getOrDefault("clkTck", "100")),
        Integer.parseInt(arg.getOrDefault("overCap", "0")), Integer.parseInt(arg.getOrDefault("threads", "1")),
        Boolean.parseBoolean(arg.getOrDefault("untilRefused", "false")));
    List<StreamBenchLoop> loops = new ArrayList<>();
    for (int i = 0; i < settings.threads(); i++) {
      loops.add(new StreamBenchLoop("viewers-" + i));
    }
    try {
      Result result = settings.viewers() == 0 ? idle(settings) : run(settings, loops);
      append(arg.get("out"), result.row());
      if (arg.containsKey("tsv")) {
        append(arg.get("tsv"), result.tsv());
      }
      log.info("{}", result.row());
    } finally {
      loops.forEach(StreamBenchLoop::stop);
    }
  }

  private static void append(String file, String line) throws IOException {
    Files.writeString(Path.of(file), line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /** A Markdown row, and the numbers the ratios need: server, case, viewers, CPU %, core-s per GB, RSS MB. */
  private record Result(String row, String tsv) {
  }

  private record Settings(String server, String label, int port, String path, int viewers, int slow, long slowRate, int seconds,
      long pid, int clkTck, int overCap, int threads, boolean untilRefused) {
  }

  /** No viewer at all: what the server costs while its sensors poll and its cameras sleep. */
  private static Result idle(Settings s) throws IOException, InterruptedException {
    // the first half minute after start is class loading, compiling and the first storage flushes, not idling
    TimeUnit.SECONDS.sleep(30);
    long ticksBefore = cpuTicks(s.pid());
    long started = System.nanoTime();
    TimeUnit.SECONDS.sleep(s.seconds());
    double window = (System.nanoTime() - started) / 1e9;
    double cpu = (cpuTicks(s.pid()) - ticksBefore) / (double) s.clkTck() / window * 100;
    double rssMb = rssKb(s.pid()) / 1024.0;
    String row = String.format(Locale.ROOT, "| %s | %s | 0 | - | - | - | - | - | %.1f%% | - | %.1f | - | 0 | - | no viewer |",
        s.server(), s.label(), cpu, rssMb);
    return new Result(row, String.join("\t", s.server(), s.label(), "0", fmt(cpu), "0", fmt(rssMb)));
  }

  private static String fmt(double value) {
    return String.format(Locale.ROOT, "%.4f", value);
  }

  private static Result run(Settings s, List<StreamBenchLoop> loops) throws IOException, InterruptedException {
    List<StreamBenchViewer> viewers = new ArrayList<>();
    // The first viewer starts the camera (which renders its loop first); its wait is not time to first frame.
    StreamBenchViewer first = open(s, loops, 0, 0);
    awaitParts(first, 1, 180);
    viewers.add(first);
    // The others join one at a time while it streams: what one viewer joining a busy server waits.
    String refusedWith = "";
    while (viewers.size() < s.viewers()) {
      boolean isSlow = viewers.size() >= s.viewers() - s.slow();
      StreamBenchViewer viewer = open(s, loops, viewers.size(), isSlow ? s.slowRate() : 0);
      if (s.untilRefused() && answeredStatus(viewer) == 503) {
        refusedWith = "viewer " + (viewers.size() + 1) + " refused with 503";
        viewer.close();
        break;
      }
      if (isSlow) {
        awaitStatus(viewer);
      } else {
        awaitParts(viewer, 1, 30);
      }
      viewers.add(viewer);
    }
    int normal = viewers.size() - s.slow();
    double[] firstFrame = viewers.stream().skip(1).limit(normal - 1L).mapToDouble(StreamBenchViewer::firstFrameMs)
        .sorted().toArray();

    TimeUnit.SECONDS.sleep(2);
    viewers.forEach(StreamBenchViewer::resetStalls);
    long[] partsBefore = viewers.stream().mapToLong(StreamBenchViewer::parts).toArray();
    long bytesBefore = viewers.stream().mapToLong(StreamBenchViewer::bytes).sum();
    long serverTicksBefore = cpuTicks(s.pid());
    long clientTicksBefore = cpuTicks(ProcessHandle.current().pid());
    long started = System.nanoTime();
    TimeUnit.SECONDS.sleep(s.seconds());
    double window = (System.nanoTime() - started) / 1e9;
    long serverTicks = cpuTicks(s.pid()) - serverTicksBefore;
    long clientTicks = cpuTicks(ProcessHandle.current().pid()) - clientTicksBefore;
    long bytesAfter = viewers.stream().mapToLong(StreamBenchViewer::bytes).sum();
    long[] partsAfter = viewers.stream().mapToLong(StreamBenchViewer::parts).toArray();
    long rssKb = rssKb(s.pid());
    double worstStallMs = viewers.stream().limit(normal).mapToDouble(StreamBenchViewer::worstStallMs).max().orElse(0);

    double[] fps = new double[normal];
    for (int i = 0; i < normal; i++) {
      fps[i] = (partsAfter[i] - partsBefore[i]) / window;
    }
    Arrays.sort(fps);
    double[] slowFps = new double[s.slow()];
    for (int i = 0; i < s.slow(); i++) {
      slowFps[i] = (partsAfter[normal + i] - partsBefore[normal + i]) / window;
    }
    long failed = viewers.stream().limit(normal).filter(StreamBenchViewer::failed).count();
    double serverCpu = serverTicks / (double) s.clkTck();
    double clientCpu = clientTicks / (double) s.clkTck();
    double gigabytes = (bytesAfter - bytesBefore) / 1e9;
    JsonObject camera = cameraEntry(s.port(), s.path());
    String skipped = camera == null ? "-" : Long.toString(camera.getLong("skippedFrames"));
    String notes = s.overCap() > 0 ? refusals(s.port(), s.path(), s.overCap()) : "";
    if (s.untilRefused()) {
      notes = ladderNotes(camera, viewers.size(), partsBefore, partsAfter, window) + (refusedWith.isEmpty() ? "" : "; " + refusedWith);
    }
    if (s.slow() > 0) {
      notes = String.format(Locale.ROOT, "%d slow readers: %.2f fps median, %d disconnected for stalling", s.slow(),
          median(slowFps), camera == null ? 0 : camera.getLong("stallDisconnects"));
    }
    if (failed > 0) {
      notes += (notes.isEmpty() ? "" : "; ") + failed + " normal viewers lost their connection";
    }
    viewers.forEach(StreamBenchViewer::close);
    double cpuPercent = serverCpu / window * 100;
    double corePerGb = gigabytes > 0 ? serverCpu / gigabytes : 0;
    String row = String.format(Locale.ROOT, "| %s | %s | %d | %.1f | %.1f | %s | %s | %.0f | %.0f%% | %.3f | %.1f | %.0f%% | %.0f | %s | %s |",
        s.server(), s.label(), viewers.size(), fps[0], median(fps),
        firstFrame.length == 0 ? "-" : String.format(Locale.ROOT, "%.1f", median(firstFrame)),
        firstFrame.length == 0 ? "-" : String.format(Locale.ROOT, "%.1f", percentile(firstFrame, 0.95)),
        worstStallMs, cpuPercent, corePerGb, rssKb / 1024.0,
        clientCpu / window * 100, gigabytes * 8 * 1000 / window, skipped, notes);
    String tsv = String.join("\t", s.server(), s.label(), Integer.toString(viewers.size()), fmt(cpuPercent), fmt(corePerGb),
        fmt(rssKb / 1024.0));
    return new Result(row, tsv);
  }

  /**
   * Viewers served per step of the camera's ladder, as the server placed them ({@code clients[].fps} by
   * {@code ?client=}), with the rate each group measured here.
   */
  private static String ladderNotes(JsonObject camera, int served, long[] partsBefore, long[] partsAfter, double window) {
    if (camera == null) {
      return served + " served";
    }
    Map<Integer, List<Double>> measuredByStep = new TreeMap<>(Comparator.reverseOrder());
    for (Object entry : camera.getJsonArray("clients")) {
      JsonObject client = (JsonObject) entry;
      String id = client.getString("client", "");
      if (!id.startsWith("v")) {
        continue;
      }
      int index = Integer.parseInt(id.substring(1));
      measuredByStep.computeIfAbsent(client.getInteger("fps"), step -> new ArrayList<>())
          .add((partsAfter[index] - partsBefore[index]) / window);
    }
    StringBuilder notes = new StringBuilder(served + " served:");
    measuredByStep.forEach((step, measured) -> notes.append(String.format(Locale.ROOT, " %d at %d fps (measured min %.1f, median %.1f);",
        measured.size(), step, measured.stream().mapToDouble(Double::doubleValue).min().orElse(0),
        median(measured.stream().mapToDouble(Double::doubleValue).toArray()))));
    return notes.substring(0, notes.length() - 1);
  }

  /** The status the viewer is answered with, waiting up to 30 s for it. */
  private static int answeredStatus(StreamBenchViewer viewer) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (viewer.status() == 0 && !viewer.failed() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(200_000);
    }
    return viewer.status();
  }

  private static StreamBenchViewer open(Settings s, List<StreamBenchLoop> loops, int index, long bytesPerSecond)
      throws IOException {
    String path = s.untilRefused() ? s.path() + "?client=v" + index : s.path();
    StreamBenchViewer viewer = new StreamBenchViewer(path, bytesPerSecond);
    loops.get(index % loops.size()).add(viewer, viewer.connect(s.port()));
    return viewer;
  }

  private static void awaitStatus(StreamBenchViewer viewer) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (viewer.status() == 0) {
      if (viewer.failed() || System.nanoTime() > deadline) {
        throw new IllegalStateException("a viewer got no response within 30 s");
      }
      LockSupport.parkNanos(200_000);
    }
    if (viewer.status() != 200) {
      throw new IllegalStateException("a viewer was answered " + viewer.status() + " instead of a stream");
    }
  }

  private static void awaitParts(StreamBenchViewer viewer, long parts, int seconds) {
    awaitStatus(viewer);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (viewer.parts() < parts) {
      if (viewer.failed() || System.nanoTime() > deadline) {
        throw new IllegalStateException("no frame within " + seconds + " s");
      }
      LockSupport.parkNanos(200_000);
    }
  }

  /** Asks for streams beyond the cap, one at a time: each should be a 503 with Retry-After, at once. */
  private static String refusals(int port, String path, int count) throws IOException {
    double[] ms = new double[count];
    int refused = 0;
    for (int i = 0; i < count; i++) {
      long start = System.nanoTime();
      String head;
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        head = readHead(socket.getInputStream());
      }
      ms[i] = (System.nanoTime() - start) / 1e6;
      if (head.startsWith("HTTP/1.1 503") && head.toLowerCase(Locale.ROOT).contains("\r\nretry-after:")) {
        refused++;
      }
    }
    Arrays.sort(ms);
    return String.format(Locale.ROOT, "%d/%d over-cap requests got 503 + Retry-After, median %.1f ms, max %.1f ms",
        refused, count, median(ms), ms[count - 1]);
  }

  private static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    int b;
    while ((b = in.read()) >= 0) {
      head.append((char) b);
      if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
        break;
      }
    }
    return head.toString();
  }

  /** The camera's entry in pistream's camera list; null from a server without one (the minimal fan-out). */
  private static JsonObject cameraEntry(int port, String path) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/cameras"))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() == 404) {
      return null;
    }
    JsonObject list = new JsonObject(answer.body());
    String camera = path.substring(path.lastIndexOf('/') + 1).replace(".mjpg", "");
    for (Object entry : list.getJsonArray("cameras")) {
      JsonObject item = (JsonObject) entry;
      // builds from before 2026-12 named the camera id "id": BEFORE_JAR runs may measure one
      if (camera.equals(item.getString("camera", item.getString("id")))) {
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

  private static double median(double[] values) {
    if (values.length == 0) {
      return 0;
    }
    double[] copy = values.clone();
    Arrays.sort(copy);
    return copy[copy.length / 2];
  }

  private static double percentile(double[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  private StreamBenchClient() {
  }
}
