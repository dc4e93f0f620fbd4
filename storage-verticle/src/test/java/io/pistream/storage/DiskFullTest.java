package io.pistream.storage;

import static io.pistream.storage.StorageHarness.T0;
import static io.pistream.storage.StorageHarness.reading;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.pistream.contracts.Addresses;
import io.pistream.contracts.Failures;
import io.pistream.contracts.LatestQuery;
import io.pistream.contracts.Reading;
import io.pistream.contracts.StorageState;
import io.pistream.contracts.StorageStatus;
import io.pistream.contracts.StoreBatch;
import io.pistream.testing.BusRecorder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The disk fills up under a running storage verticle ({@code PRAGMA max_page_count}) and later has room again. */
@ExtendWith(VertxExtension.class)
class DiskFullTest {

  private static final int FIRST = 200;
  private static final int WHILE_FULL = 2000;
  private static final int MAX_PENDING = 3000;

  @TempDir
  Path dir;

  private final ListAppender<ILoggingEvent> writerLog = new ListAppender<>();

  @BeforeEach
  void captureWriterLog() {
    writerLog.start();
    ((Logger) LoggerFactory.getLogger(BatchWriter.class)).addAppender(writerLog);
  }

  @AfterEach
  void releaseWriterLog() {
    ((Logger) LoggerFactory.getLogger(BatchWriter.class)).detachAppender(writerLog);
  }

  @Test
  void whileFullReadingsAreKeptUpToTheBoundAndQueriesAnswerThenEverythingIsWritten(Vertx vertx, VertxTestContext ctx) {
    StorageHarness storage = new StorageHarness(vertx, dir);
    StorageVerticle verticle = new StorageVerticle();
    JsonObject config = storage.config().put("flushEveryMillis", 50).put("flushEveryReadings", FIRST)
        .put("maxPendingReadings", MAX_PENDING);
    BusRecorder.on(vertx, Addresses.STORAGE_STATUS).compose(statuses -> storage.deploy(config, verticle)
        .compose(id -> storage.request(Addresses.STORAGE_STORE, batch(0, FIRST)))
        .compose(ack -> storage.untilRawCount(FIRST))
        .compose(v -> verticle.store().limitPages(1))
        .compose(limit -> storage.request(Addresses.STORAGE_STORE, batch(FIRST, WHILE_FULL)))
        .compose(ack -> statuses.next(s -> StorageStatus.fromJson(s).state() == StorageState.FAILING))
        .compose(failing -> {
          StorageStatus status = StorageStatus.fromJson(failing);
          ctx.verify(() -> {
            assertThat(status.detail()).startsWith("disk full:");
            assertThat(status.pendingReadings()).isEqualTo(WHILE_FULL);
            assertThat(status.node()).isEqualTo(StorageHarness.NODE);
          });
          // Beyond the bound the rest of a batch is refused, so that its sender keeps and resends it.
          return storage.request(Addresses.STORAGE_STORE, batch(FIRST + WHILE_FULL, WHILE_FULL))
              .map(ack -> (Throwable) null)
              .recover(Future::succeededFuture);
        })
        .compose(refusal -> {
          ctx.verify(() -> assertThat(refusal).isInstanceOfSatisfying(ReplyException.class,
              r -> assertThat(r.failureCode()).isEqualTo(Failures.UNAVAILABLE)));
          return Future.all(storage.request(Addresses.STORAGE_LATEST, new LatestQuery(List.of()).toJson()), storage.rawCount());
        })
        .compose(whileFull -> {
          JsonObject latest = whileFull.resultAt(0);
          long raw = whileFull.resultAt(1);
          ctx.verify(() -> {
            assertThat(latest.getJsonArray("readings")).hasSize(1);
            // A small batch may still fit in the free room of pages the file already has.
            assertThat(raw).isLessThan(FIRST + WHILE_FULL);
          });
          statuses.skipAll();
          return verticle.store().limitPages(1_000_000_000L);
        })
        .compose(limit -> statuses.next(s -> StorageStatus.fromJson(s).state() == StorageState.OK))
        .compose(ok -> storage.untilRawCount(MAX_PENDING + FIRST))
        .compose(v -> {
          statuses.skipAll();
          vertx.eventBus().publish(Addresses.STORAGE_STATUS_REFRESH, new JsonObject());
          return statuses.next(s -> true);
        })
        .compose(refreshed -> storage.sql("SELECT sum(count) AS n FROM readings_minute").map(minutes -> {
          ctx.verify(() -> {
            StorageStatus status = StorageStatus.fromJson(refreshed);
            assertThat(status.state()).isEqualTo(StorageState.OK);
            assertThat(status.pendingReadings()).isZero();
            assertThat(status.writtenReadings()).isEqualTo(MAX_PENDING + FIRST);
            assertThat(status.refusedReadings()).isEqualTo(WHILE_FULL - (MAX_PENDING - WHILE_FULL));
            assertThat(((Number) minutes.get(0).getValue("n")).longValue()).isEqualTo(MAX_PENDING + FIRST);
          });
          return minutes;
        })))
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          List<ILoggingEvent> errors = writerLog.list.stream().filter(e -> e.getLevel() == Level.ERROR).toList();
          assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.getFormattedMessage()).contains("disk full");
            assertThat(e.getThrowableProxy()).isNull();
          });
          assertThat(writerLog.list).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("works again"));
          ctx.completeNow();
        })));
  }

  /** {@code count} readings of one sensor, 2 s apart, starting with the {@code first}-th. */
  private static JsonObject batch(int first, int count) {
    List<Reading> readings = new ArrayList<>(count);
    for (int i = first; i < first + count; i++) {
      readings.add(reading("s1", T0 + i * 2000L, 20 + i % 10, 50));
    }
    return new StoreBatch(readings).toJson();
  }
}
