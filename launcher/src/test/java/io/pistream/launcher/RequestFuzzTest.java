package io.pistream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.pistream.contracts.PasswordHashes;
import io.pistream.testing.RawHttp;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Random requests against a whole node with login on: every route, its parameters with good, broken
 * and hostile values, every method, paths with traversal and encoded bytes, odd bodies. Each answer
 * must be 2xx, 3xx or 4xx, or a 503 whose JSON names the cap or part that is unavailable; every error
 * has the JSON body; no answer carries a stack trace and the node logs no error. Bounded by
 * {@code pistream.fuzz.requests} (default 1500) and its seed {@code pistream.fuzz.seed} (default random,
 * printed): {@code scripts/fuzz.sh} runs it longer.
 */
class RequestFuzzTest {

  private static final String TOKEN = PasswordHashes.newToken();
  private static final String GOOD_BASIC = basic("anna", "anna-pw");
  private static final List<String> METHODS = List.of("GET", "GET", "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "BREW");
  private static final List<String> ROUTES = List.of("/", "/index.html", "/history", "/login", "/logout", "/health", "/ready", "/metrics", "/api/me",
      "/api/sensors", "/api/nodes", "/api/storage", "/api/alerts", "/api/readings/latest", "/api/readings", "/api/readings.csv", "/api/ranges", "/api/cameras",
      "/api/cameras/cam0/profile", "/api/cameras/fuzz/cam0/profile", "/stream/cam0.mjpg", "/stream/fuzz/cam0.mjpg", "/video_feed",
      "/snapshot/cam0.jpg", "/snapshot/fuzz/cam0.jpg", "/api/cameras/fuzz/cam0/history", "/api/cameras/fuzz/cam0/timelapse.mjpeg",
      "/history-picture/fuzz/cam0.jpg", "/api/cameras/fuzz/nope/history", "/eventbus/info", "/bridge.json", "/js/live.js", "/css/dashboard.css",
      "/favicon.svg", "/favicon.ico", "/webjars/uplot/dist/uPlot.esm.js", "/no/such/page");
  private static final List<String> PARAMETERS = List.of("from", "to", "range", "range_h", "sensor", "points", "raw", "fps", "return",
      "client", "profile", "ts", "max", "x");
  private static final List<String> HOSTILE_SEGMENTS = List.of("..", "%2e%2e", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "..%2f..%2f", "%00",
      "%ff%fe", "%c0%af", "%", "%zz", "%E0%A4%A", ";jsessionid=1", "~", "%20", "a%2fb", "\u00e9", "cam0.mjpg%00.jpg", "//", ".",
      "x".repeat(300), "%25", "*", "cam0.jpg?", "NUL", "..;", "%5c..%5c");
  private static final List<String> VALUES = List.of("", "0", "-1", "1", "24", "99999999999999999999", "1e309", "NaN", "true", "false",
      "yes", "12h", "1y", "2024-05-01", "2024-05-01 14:00", "2024-13-45", "today", "now", "1700000000000", "-9223372036854775808",
      "fuzz/ceiling", "ceiling", "../../etc/passwd", "%", "%zz", "%00", "<script>alert(1)</script>", "' OR 1=1 --", "\u00e9\u00e8",
      "%ef%bf%bf", "a".repeat(2000), "high", "//evil.example/", "http://evil.example", "/history", "{}", "[]", "null");
  private static final List<String> BODIES = List.of("", "{}", "{\"profile\":\"high\"}", "{\"profile\":\"nope\"}", "{\"profile\":null}",
      "[1,2,3]", "not json", "{\"profile\":\"" + "p".repeat(5000) + "\"}", "username=anna&password=anna-pw&x=%", "\u0000\u0001\u0002");
  private static final List<String> AUTHS = List.of("Bearer " + TOKEN, "Bearer " + TOKEN, GOOD_BASIC, GOOD_BASIC, "");
  /** Sent only at the end: a few of them lock the address out (the guessing limit), so they would mask the rest. */
  private static final List<String> BAD_AUTHS = List.of("Bearer ", "Basic !!!", "Bearer " + TOKEN + "\u00e9", "Bearer x", basic("anna", "wrong"),
      basic("", ""), "Digest username=anna", "Basic " + "A".repeat(3000));
  private static final int BAD_AUTH_REQUESTS = 40;

  @TempDir
  Path dataDir;

  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private PistreamNode node;

  @AfterEach
  void stop() {
    ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(log);
    if (node != null) {
      node.stop();
    }
  }

  @Test
  void randomRequestsGetOnlyClientErrorsOrNamedUnavailabilityAndNeverAStackTrace() throws Exception {
    int requests = Integer.getInteger("pistream.fuzz.requests", 1500);
    long seed = Long.getLong("pistream.fuzz.seed", new Random().nextLong());
    System.out.println("request fuzz: " + requests + " requests, seed " + seed + " (-Dpistream.fuzz.seed=" + seed + " repeats them)");
    int port = NodeProcess.freePort();
    Path config = dataDir.resolve("fuzz.yaml");
    Files.writeString(config, "http:\n  auth:\n    users:\n      - name: anna\n        passwordHash: \""
        + PasswordHashes.hashPassword("anna-pw".toCharArray()) + "\"\n        role: admin\n    tokens:\n      - name: fuzz\n        tokenHash: \""
        + PasswordHashes.hashToken(TOKEN) + "\"\n        role: admin\n");
    node = PistreamNode.start(new LaunchOptions(config, false, false), Map.of(
        "PISTREAM_HTTP_PORT", Integer.toString(port),
        "PISTREAM_STORAGE_DATADIR", dataDir.toString(),
        "PISTREAM_NODE_ID", "fuzz",
        // The camera keeps history pictures (its first one at start), so the history routes answer with real ones.
        "PISTREAM_CAMERA_CAMERAS_0_HISTORY_EVERYMINUTES", "60"));
    log.start();
    ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).addAppender(log);

    Random random = new Random(seed);
    Map<Integer, Integer> statuses = new TreeMap<>();
    List<String> wrong = new ArrayList<>();
    java.util.ArrayDeque<String> recent = new java.util.ArrayDeque<>();
    String beforeFirstThrottle = null;
    for (int i = 0; i < requests && wrong.size() < 10; i++) {
      if (i == requests - BAD_AUTH_REQUESTS) {
        assertThat(exchange(port, "GET /api/sensors HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TOKEN + "\r\n\r\n").status)
            .as("still serving; the requests before the first 429: " + beforeFirstThrottle).isEqualTo(200);
      }
      String request = randomRequest(random, port, i >= requests - BAD_AUTH_REQUESTS);
      Answer answer = exchange(port, request);
      statuses.merge(answer.status, 1, Integer::sum);
      recent.addLast(answer.status + " <- " + abbreviate(request));
      if (recent.size() > 8) {
        recent.removeFirst();
      }
      if (answer.status == 429 && beforeFirstThrottle == null) {
        beforeFirstThrottle = String.join("\n", recent);
      }
      String problem = problemWith(answer, request.startsWith("HEAD "));
      if (problem != null) {
        wrong.add(problem + "\n  request: " + abbreviate(request) + "\n  answer: " + abbreviate(answer.head + answer.body));
      }
    }
    System.out.println("request fuzz: answers by status " + statuses);
    assertThat(wrong).as("answers that break the rules (seed " + seed + ")").isEmpty();
    assertThat(log.list.stream().filter(event -> event.getLevel().isGreaterOrEqual(Level.ERROR)).map(ILoggingEvent::getFormattedMessage))
        .as("the node logged no error while fuzzed").isEmpty();
  }

  /** Why the answer breaks the rules, or null. */
  private static String problemWith(Answer answer, boolean head) {
    if (answer.status < 200 || (answer.status >= 500 && answer.status != 503)) {
      return "status " + answer.status;
    }
    String text = answer.head + answer.body;
    if (text.contains("\tat ") || text.contains("Exception") || text.contains("io.vertx.")) {
      return "a stack trace or internal name in the answer";
    }
    if (answer.status >= 400 && !head) {
      JsonObject error;
      try {
        error = new JsonObject(answer.body);
      } catch (RuntimeException e) {
        return "an error without the JSON body";
      }
      if (error.getString("error") == null || error.getString("detail") == null) {
        return "an error without error and detail";
      }
      if (answer.status == 503 && !List.of("unavailable", "camera_full", "server_full", "uplink_full").contains(error.getString("error"))) {
        return "a 503 that names no cap or unavailable part";
      }
    }
    return null;
  }

  private static String randomRequest(Random random, int port, boolean hostileCredentials) {
    String method = pick(random, METHODS);
    StringBuilder path = new StringBuilder(pick(random, ROUTES));
    if (random.nextInt(4) == 0) {
      String segment = pick(random, HOSTILE_SEGMENTS);
      int slash = path.lastIndexOf("/");
      if (random.nextBoolean()) {
        path.insert(slash + 1, segment + "/");
      } else {
        path.append(random.nextBoolean() ? "/" : "").append(segment);
      }
    }
    int parameters = random.nextInt(4);
    for (int p = 0; p < parameters; p++) {
      path.append(p == 0 ? '?' : '&').append(pick(random, PARAMETERS)).append('=').append(urlish(random, pick(random, VALUES)));
    }
    StringBuilder request = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ")
        .append(random.nextInt(10) == 0 ? "evil.example" : "127.0.0.1:" + port).append("\r\n");
    String auth = pick(random, hostileCredentials ? BAD_AUTHS : AUTHS);
    if (!auth.isEmpty()) {
      request.append("Authorization: ").append(auth).append("\r\n");
    }
    if (random.nextInt(8) == 0) {
      request.append("Origin: ").append(random.nextBoolean() ? "http://evil.example" : "null").append("\r\n");
    }
    if (random.nextInt(10) == 0) {
      request.append("X-Forwarded-For: ").append(pick(random, VALUES).replace("\r", "")).append("\r\n");
    }
    String body = method.equals("POST") || method.equals("PUT") || random.nextInt(20) == 0 ? pick(random, BODIES) : "";
    boolean formLogin = method.equals("POST") && path.toString().startsWith("/login") && !hostileCredentials;
    if (formLogin) {
      // Any other body is a failed login, which the guessing limit counts (the last phase sends those).
      body = "username=anna&password=anna-pw";
    }
    byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
    if (bodyBytes.length > 0) {
      request.append("Content-Type: ").append(formLogin || random.nextBoolean() ? "application/x-www-form-urlencoded" : "application/json")
          .append("\r\n")
          .append("Content-Length: ").append(bodyBytes.length).append("\r\n");
    }
    request.append("Connection: close\r\n\r\n").append(new String(bodyBytes, StandardCharsets.ISO_8859_1));
    return request.toString();
  }

  /** Values mostly as a browser would escape them, sometimes raw (spaces and all, as attackers send them). */
  private static String urlish(Random random, String value) {
    if (random.nextInt(3) == 0) {
      return value.replace(" ", "%20").replace("\u00e9", "%C3%A9");
    }
    return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private record Answer(int status, String head, String body) {
  }

  /** One request on its own connection; a stream's body is not read past its head. */
  private static Answer exchange(int port, String request) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      String head = RawHttp.readHead(in);
      if (head.isEmpty()) {
        return new Answer(0, "(closed without an answer)", "");
      }
      int status = Integer.parseInt(head.split(" ")[1]);
      String lower = head.toLowerCase(Locale.ROOT);
      if (lower.contains("multipart/x-mixed-replace") || request.startsWith("HEAD ")) {
        return new Answer(status, head, "");
      }
      return new Answer(status, head, RawHttp.readBody(in, head, true));
    } catch (SocketTimeoutException e) {
      return new Answer(0, "(no answer within 30 s)", "");
    }
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static <T> T pick(Random random, List<T> items) {
    return items.get(random.nextInt(items.size()));
  }

  private static String abbreviate(String text) {
    String flat = text.replace("\r\n", " | ");
    return flat.length() > 400 ? flat.substring(0, 400) + "..." : flat;
  }
}
