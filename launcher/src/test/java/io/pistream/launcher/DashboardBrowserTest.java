package io.pistream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.NodePresence;
import io.pistream.contracts.PasswordHashes;
import io.pistream.contracts.Reading;
import io.pistream.contracts.SensorState;
import io.pistream.contracts.SensorStatus;
import io.pistream.contracts.StoreBatch;
import io.pistream.testing.Eventually;
import io.pistream.testing.OkJson;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard in a real headless Chromium (Debian's chromium + chromium-driver) against a whole node
 * started in-process: simulated sensor, synthetic camera, SQLite in a temporary directory. Each view
 * is saved as a screenshot under launcher/target/screenshots/.
 */
@ExtendWith(VertxExtension.class)
class DashboardBrowserTest {

  private static final Logger log = LoggerFactory.getLogger(DashboardBrowserTest.class);
  private static final Eventually EVENTUALLY = Eventually.within(Duration.ofSeconds(45)).every(Duration.ofMillis(200));
  private static final Path SCREENSHOTS = Path.of("launcher", "target", "screenshots");

  private static ChromeDriverService service;
  private static ChromeDriver browser;
  private static Path profile;

  @TempDir
  Path dataDir;

  private int port;
  private HttpClient heldViewerClient;

  @BeforeAll
  static void openBrowser() throws IOException {
    profile = Files.createTempDirectory("pistream-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(executable("chromium"));
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
        "--window-size=1280,1800", "--user-data-dir=" + profile);
    LoggingPreferences logging = new LoggingPreferences();
    logging.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logging);
    service = new ChromeDriverService.Builder().usingDriverExecutable(new File(executable("chromedriver"))).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
    Files.createDirectories(SCREENSHOTS);
  }

  @AfterAll
  static void closeBrowser() throws IOException {
    if (browser != null) {
      browser.quit();
    }
    if (service != null) {
      service.stop();
    }
    if (profile != null) {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }

  private PistreamNode node;

  @AfterEach
  void leavePage() {
    // The next test's node listens elsewhere; leaving stops this page's stream and bus reconnects.
    browser.get("about:blank");
    if (heldViewerClient != null) {
      heldViewerClient.close().await();
    }
    if (node != null) {
      node.stop();
      node = null;
    }
  }

  @Test
  void liveValuesChangeWithoutReloadAndFollowTheUnitChoice(Vertx vertx) throws Exception {
    startNode(vertx, Map.of());
    browser.get(url("/"));
    ((JavascriptExecutor) browser).executeScript("window.loadedOnce = 'yes';");

    By temperature = By.cssSelector("article.sensor[data-key='testnode/ceiling'] .temperature");
    By humidity = By.cssSelector("article.sensor[data-key='testnode/ceiling'] .humidity");
    Callable<String> shown = () -> browser.findElement(temperature).getText() + " " + browser.findElement(humidity).getText();
    String first = EVENTUALLY.blockingUntil("a reading on the card", shown, text -> text.matches("-?\\d+\\.\\d°C \\d+\\.\\d% RH"));
    String changed = EVENTUALLY.blockingUntil("the reading on the card to change", shown, text -> !text.equals(first) && !text.contains("–"));
    assertThat(changed).isNotEqualTo(first);
    assertThat(((JavascriptExecutor) browser).executeScript("return window.loadedOnce;")).as("no reload").isEqualTo("yes");
    assertThat(browser.findElement(By.cssSelector("article.sensor[data-key='testnode/ceiling'] .state")).getText()).isEqualTo("ok");
    assertThat(browser.findElement(By.cssSelector("article.sensor[data-key='testnode/ceiling'] h3")).getText()).isEqualTo("Ceiling");
    assertThat(browser.findElement(By.id("connection")).getText()).isEqualTo("live");
    EVENTUALLY.blockingUntil("the day chart", () -> browser.findElements(By.cssSelector("#day-chart canvas")).size(), canvases -> canvases > 0);

    browser.findElement(By.cssSelector("button[data-unit='F']")).click();
    String fahrenheit = EVENTUALLY.blockingUntil("the temperature in °F", () -> browser.findElement(temperature).getText(), text -> text.endsWith("°F"));
    double shownF = Double.parseDouble(fahrenheit.replace("°F", ""));
    assertThat(shownF).isBetween(-40.0, 176.0);
    screenshot("live.png");
    browser.findElement(By.cssSelector("button[data-unit='C']")).click();
    assertNoConsoleErrors();
  }

  @Test
  void cardsAndChartsShowTheDewPointAndAbsoluteHumidityTheApiGives(Vertx vertx) throws Exception {
    startNode(vertx, Map.of());
    waitForStoredReadings(vertx);
    browser.get(url("/"));
    EVENTUALLY.blockingUntil("the live connection", () -> browser.findElement(By.id("connection")).getText(), "live"::equals);

    // A sensor of another node, played on the bus: the card works out its values from the bus reading,
    // the API from the stored one; both must say the same.
    long now = System.currentTimeMillis();
    for (Reading reading : List.of(new Reading("shed", "attic", now, 20.0, 50.0), new Reading("shed", "attic", now + 1, -10.0, 80.0),
        new Reading("shed", "attic", now + 2, 23.7, 61.3))) {
      node.vertx().eventBus().request(Addresses.STORAGE_STORE, new StoreBatch(List.of(reading)).toJson()).await();
      node.vertx().eventBus().publish(Addresses.SENSOR_READINGS, reading.toJson());
      JsonObject stored = storedLatest(vertx, reading);
      By dewPoint = By.cssSelector("article.sensor[data-key='shed/attic'] .dew-point");
      String shownDewPoint = EVENTUALLY.blockingUntil("the dew point of " + reading, () -> browser.findElement(dewPoint).getAttribute("data-dew-point-c"),
          value -> value != null && !value.isEmpty() && Double.parseDouble(value) == stored.getDouble("dewPointC"));
      String shownWater = browser.findElement(By.cssSelector("article.sensor[data-key='shed/attic'] .absolute-humidity"))
          .getAttribute("data-absolute-humidity-gm3");
      assertThat(Double.parseDouble(shownWater)).as("absolute humidity of %s", reading).isEqualTo(stored.getDouble("absoluteHumidityGm3"));
      assertThat(Double.parseDouble(shownDewPoint)).isEqualTo(stored.getDouble("dewPointC"));
    }
    By atticDewPoint = By.cssSelector("article.sensor[data-key='shed/attic'] .dew-point");
    assertThat(browser.findElement(atticDewPoint).getText()).isEqualTo("dew point 15.8 °C");
    assertThat(browser.findElement(By.cssSelector("article.sensor[data-key='shed/attic'] .absolute-humidity")).getText()).isEqualTo("13.1 g/m³");
    browser.findElement(By.cssSelector("button[data-unit='F']")).click();
    EVENTUALLY.blockingUntil("the dew point in °F", () -> browser.findElement(atticDewPoint).getText(), "dew point 60.5 °F"::equals);
    browser.findElement(By.cssSelector("button[data-unit='C']")).click();
    EVENTUALLY.blockingUntil("the day chart's dew point", () -> seriesWithValues("day-chart", "Ceiling", "dew point °C"), count -> count != null && count > 0);
    EVENTUALLY.blockingUntil("the absolute humidity chart", () -> seriesWithValues("day-absolute-humidity-chart", "Ceiling", "g/m³"),
        count -> count != null && count > 0);
    screenshot("live-dew-point.png");

    browser.get(url("/history?range=12h&sensor=testnode/ceiling"));
    long withDewPoint = EVENTUALLY.blockingUntil("the dew point on the history chart",
        () -> seriesWithValues("combined-chart", "Ceiling", "dew point °C"), count -> count != null && count > 0);
    assertThat(withDewPoint).isPositive();
    EVENTUALLY.blockingUntil("absolute humidity on the history page", () -> seriesWithValues("absolute-humidity-chart", "Ceiling", "g/m³"),
        count -> count != null && count > 0);
    screenshot("history-dew-point.png");
    assertNoConsoleErrors();
  }

  @Test
  void aUserLogsInThroughTheLoginPageSeesLiveValuesAndLogsOut(Vertx vertx) throws Exception {
    Path config = dataDir.resolve("with-login.yaml");
    Files.writeString(config, "http:\n  auth:\n    users:\n      - name: anna\n        passwordHash: \""
        + PasswordHashes.hashPassword("anna-pw".toCharArray()) + "\"\n        role: admin\n");
    startNode(config, Map.of());
    browser.get(url("/history?range=12h"));
    EVENTUALLY.blockingUntil("the login page", browser::getCurrentUrl, url -> url.endsWith("/login?return=%2Fhistory%3Frange%3D12h"));
    screenshot("login.png");
    browser.findElement(By.id("username")).sendKeys("anna");
    browser.findElement(By.id("password")).sendKeys("anna-pw");
    browser.findElement(By.cssSelector(".login-form button[type='submit']")).click();
    EVENTUALLY.blockingUntil("back on the history page", browser::getCurrentUrl, url -> url.endsWith("/history?range=12h"));
    EVENTUALLY.blockingUntil("the combined chart", () -> chartSpanSeconds("combined-chart"), Objects::nonNull);

    browser.get(url("/"));
    By temperature = By.cssSelector("article.sensor[data-key='testnode/ceiling'] .temperature");
    String first = EVENTUALLY.blockingUntil("a reading on the card", () -> browser.findElement(temperature).getText(),
        text -> text.matches("-?\\d+\\.\\d°C"));
    EVENTUALLY.blockingUntil("a new reading over the bridge", () -> browser.findElement(temperature).getText(),
        text -> !text.equals(first) && !text.contains("–"));
    assertThat(browser.findElement(By.id("connection")).getText()).isEqualTo("live");
    EVENTUALLY.blockingUntil("who is logged in", () -> browser.findElement(By.id("account-name")).getText(), "anna (admin)"::equals);
    waitForAFrame(By.cssSelector("article.camera[data-key='testnode/cam0'] img"));

    browser.findElement(By.cssSelector("#logout button")).click();
    EVENTUALLY.blockingUntil("the logged-out page", browser::getCurrentUrl, url -> url.endsWith("/login?logged-out"));
    assertThat(browser.findElement(By.cssSelector(".login-message")).getText()).isEqualTo("You are logged out.");
    browser.get(url("/"));
    EVENTUALLY.blockingUntil("the login page again", browser::getCurrentUrl, url -> url.endsWith("/login"));
    assertNoConsoleErrors();
  }

  @Test
  void anAlertThatFiresWhileThePageIsOpenShowsAsABannerWithoutReloadAndOnTheHistoryPage(Vertx vertx) throws Exception {
    Path config = dataDir.resolve("with-alert.yaml");
    // forSeconds: the page is open (and following the bus) before the alert can fire.
    Files.writeString(config, "alerts:\n  dashboardUrl: http://pi.example:8080\n  rules:\n"
        + "    - {name: always-warm, sensor: \"*\", quantity: temperature, above: -50, forSeconds: 8}\n");
    startNode(config, Map.of());
    browser.get(url("/"));
    ((JavascriptExecutor) browser).executeScript("window.loadedOnce = 'yes';");
    EVENTUALLY.blockingUntil("the live connection", () -> browser.findElement(By.id("connection")).getText(), "live"::equals);
    assertThat(browser.findElement(By.id("alerts")).isDisplayed()).as("no banner before the alert fires").isFalse();

    By banner = By.cssSelector("#alerts .alert");
    String text = EVENTUALLY.blockingUntil("the alert banner", () -> browser.findElements(banner).isEmpty() ? "" : browser.findElement(banner).getText(),
        shown -> !shown.isEmpty());
    assertThat(text).startsWith("always-warm").contains("testnode/ceiling").contains("above -50 C").contains("since");
    assertThat(((JavascriptExecutor) browser).executeScript("return window.loadedOnce;")).as("no reload").isEqualTo("yes");
    // The link leads to this server's history page at that moment, whatever address the mail used.
    String link = browser.findElement(By.cssSelector("#alerts .alert a")).getAttribute("href");
    assertThat(link).startsWith(url("/history?sensor=testnode/ceiling&from="));
    screenshot("alert-banner.png");

    browser.get(link);
    EVENTUALLY.blockingUntil("the banner on the history page", () -> browser.findElements(banner).size(), count -> count == 1);
    EVENTUALLY.blockingUntil("the combined chart", () -> chartSpanSeconds("combined-chart"), Objects::nonNull);
    assertNoConsoleErrors();
  }

  @Test
  void aPiOnAWeakSupplyShowsItsWarningAndItsSocTemperature(Vertx vertx) throws Exception {
    Path sys = dataDir.resolve("sys");
    Files.createDirectories(sys.resolve("class/thermal/thermal_zone0"));
    Files.writeString(sys.resolve("class/thermal/thermal_zone0/temp"), "61234\n");
    Files.createDirectories(sys.resolve("devices/platform/soc/soc:firmware"));
    Files.writeString(sys.resolve("devices/platform/soc/soc:firmware/get_throttled"), "50005\n");
    Path config = dataDir.resolve("with-fake-pi.yaml");
    Files.writeString(config, "node:\n  sys: " + sys + "\n");
    startNode(config, Map.of());
    browser.get(url("/"));
    String warning = EVENTUALLY.blockingUntil("the machine warning", () -> browser.findElement(By.id("machine-warnings")).getText(),
        text -> !text.isEmpty());
    assertThat(warning).isEqualTo("testnode: under-voltage: the power supply is too weak, the firmware is throttling the CPU.");
    assertThat(browser.findElement(By.id("machines")).getText()).startsWith("Machines: testnode SoC 61.2 °C, ").contains("% disk free");
    assertNoConsoleErrors();
  }

  @Test
  void aSensorOfANodeThatGoesSilentTurnsOfflineAndComesBack(Vertx vertx) throws Exception {
    startNode(vertx, Map.of());
    // Another node of the cluster, played on the node's bus: a heartbeat every 500 ms and one sensor.
    Vertx bus = node.vertx();
    JsonObject shed = new NodePresence("shed", "Shed", List.of("sensor"), "0.1.0", System.currentTimeMillis(), 500, false).toJson();
    long[] beating = {bus.setPeriodic(0, 500, id -> bus.eventBus().publish(Addresses.NODE_PRESENCE, shed))};
    bus.eventBus().publish(Addresses.SENSOR_STATUS, new SensorStatus("shed", "attic", "Attic", "Shed", SensorState.OK,
        System.currentTimeMillis(), 0, "", 1, 0, 0).toJson());
    browser.get(url("/"));
    By state = By.cssSelector("article.sensor[data-key='shed/attic'] .state");
    EVENTUALLY.blockingUntil("the attic ok", () -> browser.findElement(state).getText(), "ok"::equals);

    bus.cancelTimer(beating[0]);
    EVENTUALLY.blockingUntil("the attic offline", () -> browser.findElement(state).getText(), "offline"::equals);

    beating[0] = bus.setPeriodic(0, 500, id -> bus.eventBus().publish(Addresses.NODE_PRESENCE, shed));
    try {
      EVENTUALLY.blockingUntil("the attic ok again", () -> browser.findElement(state).getText(), "ok"::equals);
    } finally {
      bus.cancelTimer(beating[0]);
    }
    assertNoConsoleErrors();
  }

  @Test
  void quickRangeChangesTheUrlAndTheChartAndBackRestoresIt(Vertx vertx) throws Exception {
    startNode(vertx, Map.of());
    waitForStoredReadings(vertx);
    browser.get(url("/history"));
    EVENTUALLY.blockingUntil("range=24h in the URL", browser::getCurrentUrl, url -> url.contains("range=24h"));
    double span24h = EVENTUALLY.blockingUntil("the combined chart", () -> chartSpanSeconds("combined-chart"), Objects::nonNull);
    assertThat(pressed("24h")).isTrue();
    assertThat(browser.findElements(By.cssSelector("#quick-ranges button")).stream().map(WebElement::getText))
        .as("built from /api/ranges")
        .containsExactly("12 hours", "24 hours", "3 days", "Week", "30 days", "Year");
    assertThat(browser.findElements(By.cssSelector("#temperature-chart canvas"))).isNotEmpty();
    assertThat(browser.findElements(By.cssSelector("#humidity-chart canvas"))).isNotEmpty();

    browser.findElement(By.cssSelector("#quick-ranges button[data-range='12h']")).click();
    EVENTUALLY.blockingUntil("range=12h in the URL", browser::getCurrentUrl, url -> url.contains("range=12h"));
    double span12h = EVENTUALLY.blockingUntil("the combined chart to narrow", () -> chartSpanSeconds("combined-chart"),
        span -> span != null && span < span24h);
    assertThat(span12h).isLessThan(span24h);
    assertThat(pressed("12h")).isTrue();
    assertThat(pressed("24h")).isFalse();
    assertThat(browser.findElement(By.id("csv")).getAttribute("href")).contains("/api/readings.csv?range=12h");
    screenshot("history.png");

    browser.navigate().back();
    EVENTUALLY.blockingUntil("range=24h in the URL again", browser::getCurrentUrl, url -> url.contains("range=24h"));
    EVENTUALLY.blockingUntil("24h pressed again", () -> pressed("24h"), pressed -> pressed);
    assertNoConsoleErrors();
  }

  @Test
  void videoShowsFramesThatKeepChanging(Vertx vertx) throws Exception {
    startNode(vertx, Map.of());
    browser.get(url("/"));
    By image = By.cssSelector("article.camera[data-key='testnode/cam0'] img");
    waitForAFrame(image);
    String firstFrame = drawToCanvas(image);
    String laterFrame = EVENTUALLY.blockingUntil("another frame", () -> drawToCanvas(image), frame -> !frame.equals(firstFrame));
    assertThat(laterFrame).isNotEqualTo(firstFrame);
    assertThat(browser.findElement(By.cssSelector("article.camera .watching")).getText()).matches("\\d+ of \\d+ watching");
    screenshot("camera.png");
    assertNoConsoleErrors();
  }

  @Test
  void camerasComeFromOneListThatOneTimerRefreshes(Vertx vertx) throws Exception {
    startNode(vertx, Map.of());
    browser.get(url("/"));
    By image = By.cssSelector("article.camera[data-key='testnode/cam0'] img");
    waitForAFrame(image);
    // The list was loaded before this page watched; only a refresh shows this page as a viewer.
    By watching = By.cssSelector("article.camera[data-key='testnode/cam0'] .watching");
    EVENTUALLY.blockingUntil("this page counted as a viewer", () -> browser.findElement(watching).getText(), text -> text.startsWith("1 of "));

    List<Double> asked = cameraListRequestTimes();
    assertThat(asked).as("the refresh").hasSizeGreaterThanOrEqualTo(2);
    // The timer starts with the first request and fires every 5 s: anything sooner was asked by a view.
    assertThat(asked.stream().filter(t -> t < asked.get(0) + 4500)).as("requests in the first 4.5 s").hasSize(1);
    assertNoConsoleErrors();
  }

  @Test
  void fullCameraShowsWhyInsteadOfABrokenImage(Vertx vertx) throws Exception {
    // no uplink budget, so the viewer ladder admits nobody past the full-rate viewer
    startNode(vertx, Map.of("PISTREAM_CAMERA_PROFILES_0_VIEWERCAP", "1", "PISTREAM_HTTP_STREAM_UPLINKMBPS", "0"));
    holdTheOnlyViewerSlot(vertx);
    browser.get(url("/"));
    // The tile is drawn once the page has the camera list, which may be after the load event.
    WebElement message = EVENTUALLY.blockingUntil("the camera tile",
        () -> browser.findElement(By.cssSelector("article.camera[data-key='testnode/cam0'] .camera-message")), Objects::nonNull);
    EVENTUALLY.blockingUntil("the camera message to show", message::isDisplayed, displayed -> displayed);
    String text = message.getText();
    assertThat(text).contains("full", "1 of 1 watching");
    assertThat(browser.findElement(By.cssSelector("article.camera[data-key='testnode/cam0'] img")).isDisplayed()).isFalse();
    assertThat(browser.findElement(By.cssSelector("article.camera button")).getText()).isEqualTo("Try again");
    screenshot("camera-full.png");
    assertNoConsoleErrors();
  }

  @Test
  void faviconIsServed(Vertx vertx) throws Exception {
    startNode(vertx, Map.of());
    browser.get(url("/"));
    Object answer = ((JavascriptExecutor) browser).executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + "fetch('/favicon.svg').then(r => r.text().then(t => done(r.status + ' ' + r.headers.get('content-type') + ' ' + t.includes('<svg'))));");
    assertThat(String.valueOf(answer)).startsWith("200 image/svg+xml").endsWith("true");
    assertThat(browser.findElement(By.cssSelector("link[rel='icon']")).getAttribute("href")).endsWith("/favicon.svg");
    assertNoConsoleErrors();
  }

  // --- the node ------------------------------------------------------------------------------------

  private void startNode(Vertx vertx, Map<String, String> extraEnv) throws Exception {
    startNode(dataDir.resolve("none.yaml"), extraEnv);
  }

  private void startNode(Path config, Map<String, String> extraEnv) throws Exception {
    port = freePort();
    Map<String, String> env = new HashMap<>(Map.of(
        "PISTREAM_HTTP_PORT", Integer.toString(port),
        "PISTREAM_STORAGE_DATADIR", dataDir.toString(),
        "PISTREAM_NODE_ID", "testnode",
        "PISTREAM_SENSOR_SENSORS_0_INTERVALSECONDS", "1"));
    env.putAll(extraEnv);
    node = PistreamNode.start(new LaunchOptions(config, false, false), env);
  }

  private void waitForStoredReadings(Vertx vertx) {
    WebClient client = WebClient.create(vertx);
    try {
      EVENTUALLY.until(vertx, "a stored reading", () -> client.get(port, "127.0.0.1", "/api/readings/latest").send().compose(OkJson::body),
          latest -> !latest.getJsonArray("readings").isEmpty()).await();
    } finally {
      client.close();
    }
  }

  /** The item of /api/readings/latest that is this reading, once storage has it. */
  private JsonObject storedLatest(Vertx vertx, Reading reading) {
    WebClient client = WebClient.create(vertx);
    try {
      return EVENTUALLY.until(vertx, "the stored " + reading, () -> client.get(port, "127.0.0.1", "/api/readings/latest").send()
              .compose(OkJson::body)
              .map(latest -> latest.getJsonArray("readings").stream().map(JsonObject.class::cast)
                  .filter(item -> item.getString("node").equals(reading.node()) && item.getString("sensor").equals(reading.sensor()))
                  .findFirst().orElse(null)),
          item -> item != null && item.getLong("ts") == reading.ts()).await();
    } finally {
      client.close();
    }
  }

  /** Another viewer watches the camera, reading the stream and discarding it, for the rest of the test. */
  private void holdTheOnlyViewerSlot(Vertx vertx) {
    heldViewerClient = vertx.createHttpClient();
    HttpClientResponse response = heldViewerClient.request(HttpMethod.GET, port, "127.0.0.1", "/stream/testnode/cam0.mjpg")
        .compose(request -> request.send())
        .await();
    assertThat(response.statusCode()).isEqualTo(200);
    response.handler((Buffer ignored) -> { });
  }

  // --- the browser ---------------------------------------------------------------------------------

  private String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  private void waitForAFrame(By image) throws InterruptedException {
    EVENTUALLY.blockingUntil("a frame in the camera tile",
        () -> ((JavascriptExecutor) browser).executeScript("return arguments[0].naturalWidth;", browser.findElement(image)),
        width -> width instanceof Number n && n.intValue() > 0);
  }

  private boolean pressed(String range) {
    return "true".equals(browser.findElement(By.cssSelector("#quick-ranges button[data-range='" + range + "']")).getAttribute("aria-pressed"));
  }

  /** When the page asked for /api/cameras, in ms since it started loading, in order. */
  private List<Double> cameraListRequestTimes() {
    Object times = ((JavascriptExecutor) browser).executeScript(
        "return performance.getEntriesByType('resource')"
            + ".filter(e => new URL(e.name).pathname === '/api/cameras').map(e => e.startTime).sort((a, b) => a - b);");
    return ((List<?>) times).stream().map(t -> ((Number) t).doubleValue()).toList();
  }

  /** The x-axis span uPlot is drawing, in seconds; null while no chart is drawn. */
  private Double chartSpanSeconds(String containerId) {
    Object span = ((JavascriptExecutor) browser).executeScript(
        "const plot = document.getElementById(arguments[0]).plot;"
            + "return plot && plot.scales.x.max != null ? plot.scales.x.max - plot.scales.x.min : null;", containerId);
    return span instanceof Number n ? n.doubleValue() : null;
  }

  /**
   * How many points of the chart's series whose legend label starts with the sensor's name and ends as
   * given have a value; null while it has no such series.
   */
  private Long seriesWithValues(String containerId, String name, String labelEnd) {
    Object count = ((JavascriptExecutor) browser).executeScript(
        "const plot = document.getElementById(arguments[0]).plot;"
            + "if (!plot) return null;"
            + "const index = plot.series.findIndex(s => typeof s.label === 'string' && s.label.startsWith(arguments[1] + ' ')"
            + " && s.label.endsWith(' ' + arguments[2]));"
            + "return index < 0 ? null : plot.data[index].filter(v => v != null).length;", containerId, name, labelEnd);
    return count instanceof Number n ? n.longValue() : null;
  }

  private String drawToCanvas(By image) {
    return (String) ((JavascriptExecutor) browser).executeScript(
        "const img = arguments[0]; const canvas = document.createElement('canvas');"
            + "canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;"
            + "canvas.getContext('2d').drawImage(img, 0, 0); return canvas.toDataURL('image/png');",
        browser.findElement(image));
  }

  private void screenshot(String name) throws IOException {
    byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
    Files.write(SCREENSHOTS.resolve(name), png);
  }

  private void assertNoConsoleErrors() {
    List<LogEntry> entries = browser.manage().logs().get(LogType.BROWSER).getAll();
    entries.forEach(entry -> log.info("browser console: {} {}", entry.getLevel(), entry.getMessage()));
    assertThat(entries.stream().filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage))
        .as("console errors")
        .isEmpty();
  }

  private static String executable(String name) {
    return Stream.of(Objects.requireNonNullElse(System.getenv("PATH"), "/usr/bin").split(File.pathSeparator))
        .map(dir -> Path.of(dir, name))
        .filter(Files::isExecutable)
        .findFirst()
        .map(Path::toString)
        .orElseThrow(() -> new IllegalStateException(name + " not found on PATH: run scripts/install-tools.sh test"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
