package io.pistream.sensor;

import static io.pistream.sensor.TestConfigs.fastSensor;
import static io.pistream.sensor.TestConfigs.verticleConfig;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.pistream.contracts.Addresses;
import io.pistream.contracts.Reading;
import io.pistream.contracts.StoreBatch;
import io.pistream.testing.BusRecorder;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * Undeploys the verticle while readings wait for storage, which the test plays on
 * {@link Addresses#STORAGE_STORE}. Three sensors polled every 10 minutes give three readings at start:
 * the first goes to storage alone, the other two wait for its acknowledgement.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class SensorVerticleStopTest {

  private static final Instant BUILT = Instant.parse("2025-01-01T00:00:00Z");
  private static final List<String> SENSORS = List.of("ceiling", "floor", "window");

  private final ListAppender<ILoggingEvent> deliveryLog = new ListAppender<>();

  @BeforeEach
  void captureDeliveryLog() {
    deliveryLog.start();
    ((Logger) LoggerFactory.getLogger(ReadingDelivery.class)).addAppender(deliveryLog);
  }

  @AfterEach
  void releaseDeliveryLog() {
    ((Logger) LoggerFactory.getLogger(ReadingDelivery.class)).detachAppender(deliveryLog);
  }

  @Test
  void undeployWaitsForSlowStorageToAcknowledgeTheBufferedReadings(Vertx vertx, VertxTestContext ctx) {
    List<Long> acknowledged = new CopyOnWriteArrayList<>();
    Promise<Message<JsonObject>> firstBatch = Promise.promise();
    MessageConsumer<JsonObject> storage = vertx.eventBus().consumer(Addresses.STORAGE_STORE, msg -> {
      if (!firstBatch.tryComplete(msg)) {
        acknowledgeLater(vertx, msg, acknowledged);
      }
    });
    long[] undeployedAfterMs = new long[1];
    JsonObject config = verticleConfig(sensors());

    storage.completion()
        .compose(registered -> BusRecorder.on(vertx, Addresses.SENSOR_READINGS))
        .compose(readings -> deploy(vertx, config)
            .compose(id -> Future.all(firstBatch.future(), threeReadings(readings))
                .compose(started -> {
                  // The first batch is still unanswered when the undeploy starts, and is answered slowly.
                  acknowledgeLater(vertx, firstBatch.future().result(), acknowledged);
                  long undeploying = System.nanoTime();
                  return vertx.undeploy(id).map(v -> {
                    undeployedAfterMs[0] = (System.nanoTime() - undeploying) / 1_000_000;
                    return readings.all();
                  });
                })))
        .onComplete(ctx.succeeding(published -> ctx.verify(() -> {
          List<Long> publishedTs = published.stream().map(json -> Reading.fromJson(json).ts()).toList();
          assertThat(publishedTs).hasSize(3);
          assertThat(acknowledged).containsExactlyInAnyOrderElementsOf(publishedTs);
          assertThat(undeployedAfterMs[0]).isGreaterThanOrEqualTo(250);
          assertThat(messages()).anyMatch(m -> m.startsWith("stopped with every reading handed to storage"));
          // Storage answered, slowly: nothing was written to the card.
          assertThat(Path.of(config.getJsonObject("delivery").getString("spoolDir")).resolve("sensor-spool-" + TestConfigs.NODE)).doesNotExist();
          ctx.completeNow();
        })));
  }

  @Test
  void undeployWithoutStorageEndsWithinItsBoundAndSpoolsTheUnacknowledgedReadings(Vertx vertx, VertxTestContext ctx) {
    JsonObject config = verticleConfig(sensors());
    config.getJsonObject("delivery").put("stopSeconds", 1);
    long[] undeployedAfterMs = new long[1];

    BusRecorder.on(vertx, Addresses.SENSOR_READINGS)
        .compose(readings -> deploy(vertx, config)
            .compose(id -> threeReadings(readings)
                .compose(started -> {
                  long undeploying = System.nanoTime();
                  return vertx.undeploy(id).onSuccess(v -> undeployedAfterMs[0] = (System.nanoTime() - undeploying) / 1_000_000);
                })))
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          assertThat(undeployedAfterMs[0]).isLessThan(10_000);
          assertThat(messages()).anyMatch(m -> m.startsWith("stopped with 3 readings storage has not acknowledged (") && m.contains("spooled in"));
          Path spool = Path.of(config.getJsonObject("delivery").getString("spoolDir")).resolve("sensor-spool-" + TestConfigs.NODE);
          assertThat(spooledLines(spool)).hasSize(3);
          ctx.completeNow();
        })));
  }

  private static void acknowledgeLater(Vertx vertx, Message<JsonObject> msg, List<Long> acknowledged) {
    vertx.setTimer(300, id -> {
      StoreBatch.fromJson(msg.body()).readings().forEach(r -> acknowledged.add(r.ts()));
      msg.reply(new JsonObject().put("stored", 1));
    });
  }

  static List<String> spooledLines(Path spool) throws IOException {
    try (Stream<Path> files = Files.list(spool)) {
      List<String> lines = new ArrayList<>();
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".jsonl")).sorted().toList()) {
        lines.addAll(Files.readAllLines(file));
      }
      return lines;
    }
  }

  private List<String> messages() {
    return deliveryLog.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  private static JsonObject[] sensors() {
    return SENSORS.stream().map(id -> fastSensor(id).put("intervalSeconds", 600)).toArray(JsonObject[]::new);
  }

  private static Future<String> deploy(Vertx vertx, JsonObject config) {
    SensorVerticle verticle = new SensorVerticle(s -> new FakeDriver(new Measurement(21.5, 40.0)), MockGpio::newContext, () -> BUILT);
    return vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config));
  }

  /** One reading per sensor: all three are then buffered by the verticle, which adds each as it publishes it. */
  private static Future<JsonObject> threeReadings(BusRecorder<JsonObject> readings) {
    return readings.next(json -> true)
        .compose(first -> readings.next(json -> true))
        .compose(second -> readings.next(json -> true));
  }
}
