package io.pistream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Debian's chromium, headless, driven through chromium-driver, with a throwaway profile, its console
 * kept for the checks and screenshots saved under launcher/target/screenshots/. For browser tests that
 * start their own node; one instance per test class.
 */
final class HeadlessChromium implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(HeadlessChromium.class);
  private static final Path SCREENSHOTS = Path.of("launcher", "target", "screenshots");

  private final Path profile;
  private final ChromeDriverService service;
  private final ChromeDriver browser;

  private HeadlessChromium(Path profile, ChromeDriverService service, ChromeDriver browser) {
    this.profile = profile;
    this.service = service;
    this.browser = browser;
  }

  static HeadlessChromium open() throws IOException {
    Path profile = Files.createTempDirectory("pistream-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(executable("chromium"));
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
        "--window-size=1280,1800", "--user-data-dir=" + profile);
    LoggingPreferences logging = new LoggingPreferences();
    logging.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logging);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(executable("chromedriver")))
        .usingAnyFreePort()
        .build();
    Files.createDirectories(SCREENSHOTS);
    return new HeadlessChromium(profile, service, new ChromeDriver(service, options));
  }

  ChromeDriver browser() {
    return browser;
  }

  void screenshot(String name) throws IOException {
    Files.write(SCREENSHOTS.resolve(name), browser.getScreenshotAs(OutputType.BYTES));
  }

  /** Fails with the console's errors since the last call; every entry is logged. */
  void assertNoConsoleErrors() {
    List<LogEntry> entries = browser.manage().logs().get(LogType.BROWSER).getAll();
    entries.forEach(entry -> log.info("browser console: {} {}", entry.getLevel(), entry.getMessage()));
    assertThat(entries.stream().filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage))
        .as("console errors")
        .isEmpty();
  }

  @Override
  public void close() throws IOException {
    browser.quit();
    service.stop();
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    }
  }

  private static String executable(String name) {
    return Stream.of(Objects.requireNonNullElse(System.getenv("PATH"), "/usr/bin").split(File.pathSeparator))
        .map(dir -> Path.of(dir, name))
        .filter(Files::isExecutable)
        .findFirst()
        .map(Path::toString)
        .orElseThrow(() -> new IllegalStateException(name + " not found on PATH: run scripts/install-tools.sh test"));
  }
}
