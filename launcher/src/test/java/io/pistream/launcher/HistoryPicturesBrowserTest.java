package io.pistream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.Reading;
import io.pistream.contracts.StoreBatch;
import io.pistream.testing.Eventually;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;

/**
 * The history page's camera pictures in a real headless Chromium against a whole node started
 * in-process, its synthetic camera keeping history pictures. The node starts on a data directory that
 * already holds six pictures of the last hours (as a node restarted keeps them), each a plain colour,
 * and storage is given readings at the same moments, so that the page has something to point at.
 */
@ExtendWith(VertxExtension.class)
class HistoryPicturesBrowserTest {

  private static final Eventually EVENTUALLY = Eventually.within(Duration.ofSeconds(45)).every(Duration.ofMillis(100));
  private static final DateTimeFormatter FILE_NAME = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final long MINUTE = 60_000;
  private static final List<Color> COLOURS = List.of(new Color(220, 40, 40), new Color(40, 170, 60), new Color(40, 80, 220),
      new Color(230, 200, 30), new Color(150, 50, 180), new Color(30, 190, 200));

  private static HeadlessChromium chromium;

  @TempDir
  Path dataDir;

  private PistreamNode node;
  private int port;

  @BeforeAll
  static void openBrowser() throws IOException {
    chromium = HeadlessChromium.open();
  }

  @AfterAll
  static void closeBrowser() throws IOException {
    if (chromium != null) {
      chromium.close();
    }
  }

  @AfterEach
  void stopNode() {
    chromium.browser().get("about:blank");
    if (node != null) {
      node.stop();
    }
  }

  @Test
  void pointingAtTheChartShowsTheNearestPictureAndTheTimelapsePlaysTheRange(Vertx vertx) throws Exception {
    long base = (System.currentTimeMillis() - 4 * 60 * MINUTE) / MINUTE * MINUTE;
    List<Long> kept = new ArrayList<>();
    Path pictures = Files.createDirectories(dataDir.resolve("camera-history/testnode/cam0"));
    for (int k = 0; k < COLOURS.size(); k++) {
      long ts = base + k * 20 * MINUTE;
      kept.add(ts);
      Files.write(pictures.resolve(FILE_NAME.format(Instant.ofEpochMilli(ts)) + ".jpg"), plain(COLOURS.get(k)));
    }
    startNode(Map.of(
        "PISTREAM_CAMERA_CAMERAS_0_HISTORY_EVERYMINUTES", "60",
        "PISTREAM_CAMERA_CAMERAS_0_PROFILE", "low",
        "PISTREAM_CAMERA_SYNTHETICLOOPFRAMES", "4"));
    for (int k = 0; k < kept.size(); k++) {
      Reading reading = new Reading("testnode", "ceiling", kept.get(k), 20.0 + k, 40.0 + k);
      node.vertx().eventBus().request(Addresses.STORAGE_STORE, new StoreBatch(List.of(reading)).toJson()).await();
    }

    ChromeDriver browser = chromium.browser();
    browser.get("http://127.0.0.1:" + port + "/history?range=12h&sensor=testnode/ceiling");
    EVENTUALLY.blockingUntil("the pictures panel", () -> browser.findElement(By.id("history-pictures")).isDisplayed(), shown -> shown);
    EVENTUALLY.blockingUntil("the combined chart with the stored readings", () -> pointsWithValues("combined-chart"),
        count -> count != null && count >= kept.size());
    String usage = browser.findElement(By.id("history-pictures-usage")).getText();
    assertThat(usage).startsWith("one every 60 min · ").contains(" kB of 500.0 MB");

    // Pointing at the third picture's moment shows it, with the reading of that moment beside it.
    long third = kept.get(2);
    pointAt(browser, "combined-chart", third);
    EVENTUALLY.blockingUntil("the third picture shown", () -> shownPicture(browser), ts -> Long.valueOf(third).equals(ts));
    EVENTUALLY.blockingUntil("the third picture loaded", () -> centreColour(browser), Objects::nonNull);
    assertThat(centreColour(browser)).as("the pixels are the third file's").satisfies(rgb -> assertClose(rgb, COLOURS.get(2)));
    assertThat(browser.findElement(By.id("history-picture-values")).getText()).contains("22.0 °C").contains("42.0 % RH");
    assertThat(browser.findElement(By.id("history-picture-time")).getText()).isNotEmpty();
    pointAt(browser, "humidity-chart", kept.get(4) + 4 * MINUTE);
    EVENTUALLY.blockingUntil("the fifth picture, nearest the moment pointed at", () -> shownPicture(browser),
        ts -> kept.get(4).equals(ts));
    chromium.screenshot("history-pictures.png");

    // The timelapse shows every picture of the range in order, each with the values of its moment.
    ((JavascriptExecutor) browser).executeScript("window.timelapseSeen = [];"
        + "const img = document.getElementById('history-picture');"
        + "new MutationObserver(() => window.timelapseSeen.push([img.dataset.ts,"
        + " document.getElementById('history-picture-values').textContent, document.getElementById('history-picture-time').textContent]))"
        + ".observe(img, { attributes: true, attributeFilter: ['data-ts'] });");
    browser.findElement(By.id("timelapse")).click();
    EVENTUALLY.blockingUntil("the timelapse playing", () -> browser.findElement(By.id("history-pictures")).getAttribute("data-state"),
        "playing"::equals);
    assertThat(browser.findElement(By.id("timelapse")).getAttribute("aria-pressed")).isEqualTo("true");
    EVENTUALLY.blockingUntil("the timelapse ended", () -> browser.findElement(By.id("history-pictures")).getAttribute("data-state"),
        "ended"::equals);
    List<List<String>> seen = seenInTimelapse(browser);
    List<Long> played = seen.stream().map(entry -> Long.parseLong(entry.get(0))).toList();
    assertThat(played).as("in time order").isSorted().doesNotHaveDuplicates();
    // the six kept ones, then the picture the camera woke for when the node started
    assertThat(played).hasSizeBetween(6, 7).startsWith(kept.toArray(Long[]::new));
    for (int k = 0; k < kept.size(); k++) {
      assertThat(seen.get(k).get(1)).contains((20 + k) + ".0 °C").contains((40 + k) + ".0 % RH");
      assertThat(seen.get(k).get(2)).isNotEmpty();
    }
    assertThat(browser.findElement(By.id("timelapse-progress")).getText()).isEqualTo(played.size() + " / " + played.size());

    // The download is the same pictures as one .mjpeg.
    String download = browser.findElement(By.id("timelapse-download")).getAttribute("href");
    WebClient client = WebClient.create(vertx);
    HttpResponse<Buffer> mjpeg = client.getAbs(download).send().timeout(30, TimeUnit.SECONDS).await();
    client.close();
    assertThat(mjpeg.statusCode()).isEqualTo(200);
    assertThat(mjpeg.getHeader("Content-Disposition")).startsWith("attachment; filename=\"pistream-testnode-cam0-").endsWith(".mjpeg\"");
    List<BufferedImage> parts = decodeAll(mjpeg.body().getBytes());
    assertThat(parts).hasSize(played.size());
    assertClose(parts.get(0).getRGB(32, 24), COLOURS.get(0));
    if (parts.size() == 7) {
      assertThat(parts.get(6).getWidth()).as("the camera's own picture, downscaled from 854 px").isEqualTo(640);
    }
    chromium.assertNoConsoleErrors();
  }

  private void startNode(Map<String, String> extraEnv) throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Map<String, String> env = new java.util.HashMap<>(Map.of(
        "PISTREAM_HTTP_PORT", Integer.toString(port),
        "PISTREAM_STORAGE_DATADIR", dataDir.toString(),
        "PISTREAM_NODE_ID", "testnode",
        "PISTREAM_SENSOR_SENSORS_0_INTERVALSECONDS", "1"));
    env.putAll(extraEnv);
    node = PistreamNode.start(new LaunchOptions(dataDir.resolve("none.yaml"), false, false), env);
  }

  /** Moves the mouse over the chart's plot area to the moment ts (epoch ms). */
  private static void pointAt(ChromeDriver browser, String chart, long ts) {
    List<?> geometry = (List<?>) ((JavascriptExecutor) browser).executeScript(
        "const plot = document.getElementById(arguments[0]).plot; const area = plot.over.getBoundingClientRect();"
            + "return [plot.valToPos(arguments[1] / 1000, 'x'), area.width];", chart, ts);
    double x = ((Number) geometry.get(0)).doubleValue();
    double width = ((Number) geometry.get(1)).doubleValue();
    WebElement over = browser.findElement(By.cssSelector("#" + chart + " .u-over"));
    new Actions(browser).moveToElement(over, (int) Math.round(x - width / 2), 0).perform();
  }

  private static Long shownPicture(ChromeDriver browser) {
    String ts = browser.findElement(By.id("history-picture")).getAttribute("data-ts");
    return ts == null || ts.isEmpty() ? null : Long.parseLong(ts);
  }

  /** The colour at the middle of the shown picture once it is loaded; null before. */
  private static Integer centreColour(ChromeDriver browser) {
    Object rgb = ((JavascriptExecutor) browser).executeScript(
        "const img = document.getElementById('history-picture'); if (!img.complete || img.naturalWidth === 0) return null;"
            + "const canvas = document.createElement('canvas'); canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;"
            + "const g = canvas.getContext('2d'); g.drawImage(img, 0, 0);"
            + "const p = g.getImageData(img.naturalWidth >> 1, img.naturalHeight >> 1, 1, 1).data; return (p[0] << 16) | (p[1] << 8) | p[2];");
    return rgb instanceof Number n ? n.intValue() : null;
  }

  private static Long pointsWithValues(String chart) {
    Object count = ((JavascriptExecutor) chromium.browser()).executeScript(
        "const plot = document.getElementById(arguments[0]).plot; return plot ? plot.data[1].filter(v => v != null).length : null;", chart);
    return count instanceof Number n ? n.longValue() : null;
  }

  @SuppressWarnings("unchecked")
  private static List<List<String>> seenInTimelapse(ChromeDriver browser) {
    return (List<List<String>>) ((JavascriptExecutor) browser).executeScript("return window.timelapseSeen;");
  }

  private static void assertClose(int rgb, Color expected) {
    Color actual = new Color(rgb);
    assertThat(Math.abs(actual.getRed() - expected.getRed()) + Math.abs(actual.getGreen() - expected.getGreen())
        + Math.abs(actual.getBlue() - expected.getBlue())).as("%s near %s", actual, expected).isLessThan(40);
  }

  private static byte[] plain(Color colour) throws IOException {
    BufferedImage image = new BufferedImage(320, 180, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(colour);
    g.fillRect(0, 0, 320, 180);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "jpg", out);
    return out.toByteArray();
  }

  /** The JPEGs of an .mjpeg, cut at each end-of-image marker (none of them embeds a thumbnail). */
  private static List<BufferedImage> decodeAll(byte[] mjpeg) throws IOException {
    List<BufferedImage> images = new ArrayList<>();
    int start = 0;
    for (int i = 0; i + 1 < mjpeg.length; i++) {
      if ((mjpeg[i] & 0xFF) == 0xFF && (mjpeg[i + 1] & 0xFF) == 0xD9) {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(mjpeg, start, i + 2 - start));
        assertThat(image).as("picture %d decodes", images.size()).isNotNull();
        images.add(image);
        start = i + 2;
        i++;
      }
    }
    assertThat(start).as("nothing after the last picture").isEqualTo(mjpeg.length);
    return images;
  }
}
