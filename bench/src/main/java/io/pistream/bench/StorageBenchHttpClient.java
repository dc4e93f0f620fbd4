package io.pistream.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The HTTP load of the storage benchmark: {@code GET /api/readings} for each range, one request at a
 * time, timed from sending to the last byte of the body. {@link StorageBench} starts it in a JVM of its
 * own, as a browser is a program of its own, so the server JVM with the Pi's flags carries only the
 * server's work; it can also run inside the server JVM, as the benchmark first did.
 *
 * <p>Usage: {@code StorageBenchHttpClient <port> <warmUp> <measured> <sensor,sensor> <resultFile>
 * <name>=<fromMs>/<toMs> ...}; writes a line {@code name points medianMs p95Ms} per range.
 */
public final class StorageBenchHttpClient implements AutoCloseable {

  /** One range's measurement: the most points of a series in its answer and the request latencies. */
  record RangeLatency(String range, int points, double medianMs, double p95Ms) {

    String line() {
      return String.format(Locale.ROOT, "%s %d %.3f %.3f", range, points, medianMs, p95Ms);
    }

    static RangeLatency parse(String line) {
      String[] fields = line.trim().split(" ");
      return new RangeLatency(fields[0], Integer.parseInt(fields[1]), Double.parseDouble(fields[2]), Double.parseDouble(fields[3]));
    }
  }

  private final WebClient web;
  private final int port;

  StorageBenchHttpClient(Vertx vertx, int port) {
    this.web = WebClient.create(vertx);
    this.port = port;
  }

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int warmUp = Integer.parseInt(args[1]);
    int measured = Integer.parseInt(args[2]);
    List<String> sensors = List.of(args[3].split(","));
    Path resultFile = Path.of(args[4]);
    List<String> lines = new ArrayList<>();
    Vertx vertx = Vertx.vertx();
    try (StorageBenchHttpClient client = new StorageBenchHttpClient(vertx, port)) {
      for (int i = 5; i < args.length; i++) {
        String[] range = args[i].split("[=/]");
        lines.add(client.measure(range[0], Long.parseLong(range[1]), Long.parseLong(range[2]), sensors, warmUp, measured).line());
      }
    } finally {
      vertx.close().await();
    }
    Files.write(resultFile, lines);
  }

  /** Times {@code measured} requests after {@code warmUp} untimed ones; call from a plain thread. */
  RangeLatency measure(String name, long from, long to, List<String> sensors, int warmUp, int measured) {
    HttpRequest<Buffer> request = web.get(port, "127.0.0.1", "/api/readings")
        .addQueryParam("from", Instant.ofEpochMilli(from).toString())
        .addQueryParam("to", Instant.ofEpochMilli(to).toString())
        .addQueryParam("points", "1000");
    sensors.forEach(sensor -> request.addQueryParam("sensor", sensor));
    int points = 0;
    for (Object series : answered(request).bodyAsJsonObject().getJsonArray("series")) {
      points = Math.max(points, ((JsonObject) series).getJsonArray("points").size());
    }
    for (int i = 0; i < warmUp; i++) {
      answered(request);
    }
    LatencySample latency = new LatencySample(measured);
    for (int i = 0; i < measured; i++) {
      long started = System.nanoTime();
      answered(request);
      latency.add(System.nanoTime() - started);
    }
    return new RangeLatency(name, points, latency.medianMs(), latency.p95Ms());
  }

  private static HttpResponse<Buffer> answered(HttpRequest<Buffer> request) {
    HttpResponse<Buffer> response = request.send().await();
    if (response.statusCode() != 200 || response.body() == null) {
      throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.bodyAsString());
    }
    return response;
  }

  @Override
  public void close() {
    web.close();
  }
}
