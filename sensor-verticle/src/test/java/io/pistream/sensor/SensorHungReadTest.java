package io.pistream.sensor;

import static io.pistream.sensor.TestConfigs.verticleConfig;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.pistream.contracts.Addresses;
import io.pistream.contracts.Reading;
import io.pistream.contracts.SensorState;
import io.pistream.contracts.SensorStatus;
import io.pistream.testing.BusRecorder;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.internal.threadchecker.BlockedThreadChecker;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Two iio sensors on a fake sysfs tree, one of whose attributes is a FIFO without a writer: reading it
 * blocks in the kernel the way a wedged driver does, and Java cannot interrupt it.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
class SensorHungReadTest {

  private static final Instant BUILT = Instant.parse("2025-01-01T00:00:00Z");
  private static final String HUNG_THREADS = "pistream-sensor-hung-";

  @TempDir
  Path sysfs;

  private Vertx vertx;
  private Path fifo;
  private final ListAppender<ILoggingEvent> pollerLog = new ListAppender<>();
  private final ListAppender<ILoggingEvent> checkerLog = new ListAppender<>();

  @BeforeEach
  void setUp() {
    // A blocked-thread checker far stricter than the default: it would warn within the test about any
    // worker the sensor verticle lets it watch.
    vertx = Vertx.vertx(new VertxOptions().setMaxWorkerExecuteTime(500).setMaxWorkerExecuteTimeUnit(TimeUnit.MILLISECONDS)
        .setBlockedThreadCheckInterval(100).setWarningExceptionTime(200).setWarningExceptionTimeUnit(TimeUnit.MILLISECONDS));
    pollerLog.start();
    checkerLog.start();
    ((Logger) LoggerFactory.getLogger(SensorPoller.class)).addAppender(pollerLog);
    ((Logger) LoggerFactory.getLogger(BlockedThreadChecker.LOGGER_NAME)).addAppender(checkerLog);
  }

  @AfterEach
  void tearDown() throws Exception {
    ((Logger) LoggerFactory.getLogger(SensorPoller.class)).detachAppender(pollerLog);
    ((Logger) LoggerFactory.getLogger(BlockedThreadChecker.LOGGER_NAME)).detachAppender(checkerLog);
    if (fifo != null && Files.exists(fifo) && !hungThreads().isEmpty()) {
      // A failed test leaves the read blocked: give it a writer so its thread ends. Opening a FIFO to
      // write blocks while nobody reads, hence the daemon thread.
      Thread release = new Thread(() -> {
        try (OutputStream out = Files.newOutputStream(fifo)) {
          out.write("0\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException ignoredAsTheTestHasFailedAlready) {
          // Nothing more to clean up.
        }
      }, "test-fifo-release");
      release.setDaemon(true);
      release.start();
    }
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  @Test
  void aReadBlockedOnAFifoIsAbandonedHoldsOneThreadWhileTheOtherSensorKeepsItsRateAndRecoversOnceItReturns(VertxTestContext ctx)
      throws Exception {
    device("iio:device0", "21300\n", "45600\n");
    Path hungDevice = device("iio:device1", "22000\n", "50000\n");
    fifo = hungDevice.resolve(IioDriver.TEMPERATURE_FILE);
    Files.delete(fifo);
    mkfifo(fifo);
    JsonObject config = verticleConfig(iioSensor("good", "iio:device0"), iioSensor("hung", "iio:device1")).put("statusEverySeconds", 1);
    long[] failingAt = new long[1];

    Future.all(BusRecorder.on(vertx, Addresses.SENSOR_READINGS), BusRecorder.on(vertx, Addresses.SENSOR_STATUS))
        .compose(recorders -> {
          BusRecorder<JsonObject> readings = recorders.resultAt(0);
          BusRecorder<JsonObject> statuses = recorders.resultAt(1);
          return deploy(config)
              .compose(id -> statuses.next(sensorIs("hung", SensorState.FAILING)))
              .compose(failing -> {
                failingAt[0] = System.nanoTime();
                ctx.verify(() -> assertThat(SensorStatus.fromJson(failing).detail()).startsWith("hung: read timed out after 1 s"));
                // Heartbeats show the skipped polls: one read was started, none since.
                return statuses.next(json -> "hung".equals(json.getString("sensor")) && json.getLong("pollsSkipped") >= 3);
              })
              .compose(skipping -> {
                ctx.verify(() -> {
                  SensorStatus status = SensorStatus.fromJson(skipping);
                  assertThat(status.state()).isEqualTo(SensorState.FAILING);
                  assertThat(status.readsFailed()).isEqualTo(1);
                  assertThat(status.readsOk()).isZero();
                  assertThat(status.detail()).contains("has not returned for").contains("polls skipped");
                  List<Thread> threads = hungThreads();
                  assertThat(threads).hasSize(1);
                  assertThat(threads.get(0).getState()).isEqualTo(Thread.State.RUNNABLE);
                  // The other sensor kept its 2 s rate while the hung one was stuck.
                  List<Long> good = readings.all().stream().map(Reading::fromJson).filter(r -> r.sensor().equals("good")).map(Reading::ts).toList();
                  assertThat(good).hasSizeGreaterThanOrEqualTo(3);
                  for (int i = 1; i < good.size(); i++) {
                    assertThat(good.get(i) - good.get(i - 1)).as("gap between good readings").isBetween(1_000L, 6_000L);
                  }
                });
                return vertx.executeBlocking(() -> {
                  replaceFifoWithAFile("23000\n");
                  return null;
                });
              })
              .compose(replaced -> statuses.next(sensorIs("hung", SensorState.OK)))
              .compose(ok -> readings.next(json -> "hung".equals(json.getString("sensor"))));
        })
        .onComplete(ctx.succeeding(reading -> ctx.verify(() -> {
          assertThat(Reading.fromJson(reading).temperatureC()).isEqualTo(23.0);
          assertThat(hungThreads()).hasSize(1);
          List<String> hungLines = messages().stream().filter(m -> m.startsWith("sensor hung: read failed")).toList();
          assertThat(hungLines).hasSize(1);
          assertThat(hungLines.get(0)).contains("(hung): read timed out after 1 s");
          assertThat(messages()).anyMatch(m -> m.startsWith("sensor hung: the read abandoned after 1 s returned") && m.contains("polling resumes"));
          assertThat(checkerLog.list).noneMatch(e -> e.getFormattedMessage().contains("pistream-sensor-"));
          ctx.completeNow();
        })));
  }

  /**
   * Gives the blocked read a writer (which lets its open return), puts a regular file in the FIFO's
   * place for the reads after it, then ends the blocked read with data.
   */
  private void replaceFifoWithAFile(String value) throws IOException {
    Path replacement = fifo.resolveSibling(IioDriver.TEMPERATURE_FILE + ".new");
    Files.writeString(replacement, value);
    try (OutputStream writer = Files.newOutputStream(fifo)) {
      Files.move(replacement, fifo, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      writer.write(value.getBytes(StandardCharsets.US_ASCII));
    }
  }

  private List<String> messages() {
    return pollerLog.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  private static List<Thread> hungThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(HUNG_THREADS) && t.isAlive()).toList();
  }

  private JsonObject iioSensor(String id, String device) {
    return new JsonObject()
        .put("id", id)
        .put("driver", "iio")
        .put("intervalSeconds", 2)
        .put("readTimeoutSeconds", 1)
        .put("retries", 0)
        .put("failingAfterPolls", 2)
        .put("offlineAfterIntervals", 1000)
        .put("iio", new JsonObject().put("sysfsRoot", sysfs.toString()).put("device", device));
  }

  private Future<String> deploy(JsonObject config) {
    SensorVerticle verticle = new SensorVerticle(SensorDrivers::create, MockGpio::newContext, () -> BUILT);
    return vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config));
  }

  private Path device(String dirName, String temperature, String humidity) throws IOException {
    Path dir = Files.createDirectories(sysfs.resolve(dirName));
    Files.writeString(dir.resolve("name"), "dht11@4\n");
    Files.writeString(dir.resolve(IioDriver.TEMPERATURE_FILE), temperature);
    Files.writeString(dir.resolve(IioDriver.HUMIDITY_FILE), humidity);
    return dir;
  }

  private static void mkfifo(Path path) throws IOException, InterruptedException {
    Process process = new ProcessBuilder("mkfifo", path.toString()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("mkfifo ended").isTrue();
    assertThat(process.exitValue()).as("mkfifo: " + output).isZero();
  }

  private static Predicate<JsonObject> sensorIs(String sensor, SensorState state) {
    return json -> sensor.equals(json.getString("sensor")) && state.wire().equals(json.getString("state"));
  }
}
