package io.pistream.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.Failures;
import io.pistream.contracts.Reading;
import io.pistream.contracts.StoreBatch;
import io.pistream.testing.Eventually;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Plays storage on {@link Addresses#STORAGE_STORE}: acknowledging, refusing, or not there at all. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class ReadingDeliveryTest {

  @TempDir
  Path spoolDir;
  private static final Eventually ACKNOWLEDGED = Eventually.within(Duration.ofSeconds(30)).every(Duration.ofMillis(10));

  @Test
  void readingsReachStorageInOrderAndAreCountedOnceAcknowledged(Vertx vertx, VertxTestContext ctx) throws InterruptedException {
    List<Long> stored = new CopyOnWriteArrayList<>();
    MessageConsumer<JsonObject> storage = vertx.eventBus().consumer(Addresses.STORAGE_STORE, msg -> {
      StoreBatch.fromJson(msg.body()).readings().forEach(r -> stored.add(r.ts()));
      msg.reply(new JsonObject().put("stored", 1));
      if (stored.size() == 4) {
        ctx.completeNow();
      }
    });
    storage.completion().compose(v -> started(vertx, fast())).onComplete(ctx.succeeding(delivery ->
        LongStream.rangeClosed(1, 4).forEach(ts -> delivery.add(reading(ts)))));
    ctx.awaitCompletion(30, TimeUnit.SECONDS);
    assertThat(stored).containsExactly(1L, 2L, 3L, 4L);
    // Storage answered: nothing was written to the card.
    assertThat(fast().spoolOf(TestConfigs.NODE)).doesNotExist();
  }

  @Test
  void whileStorageIsAwayTheBufferKeepsTheNewestCountsDropsAndDeliversOnceStorageIsBack(Vertx vertx, VertxTestContext ctx) {
    List<Long> stored = new CopyOnWriteArrayList<>();
    AtomicInteger refused = new AtomicInteger();
    // A retry period the adds below cannot outlast, even on a busy machine: none of them is spooled yet.
    started(vertx, settings(5, 1000, 2000, 5000)).onComplete(ctx.succeeding(delivery -> {
      // Nobody consumes the store address yet: every attempt fails with no handlers.
      LongStream.rangeClosed(1, 9).forEach(ts -> delivery.add(reading(ts)));
      ctx.verify(() -> {
        assertThat(delivery.buffered()).isEqualTo(5);
        assertThat(delivery.dropped()).isEqualTo(4);
      });
      MessageConsumer<JsonObject> storage = vertx.eventBus().consumer(Addresses.STORAGE_STORE, msg -> {
        if (refused.getAndIncrement() == 0) {
          msg.fail(Failures.UNAVAILABLE, "backlog full");
          return;
        }
        StoreBatch.fromJson(msg.body()).readings().forEach(r -> stored.add(r.ts()));
        msg.reply(new JsonObject().put("stored", 1));
        if (stored.size() == 5) {
          // The acknowledgement is counted when the reply reaches the sender: wait for it there.
          ACKNOWLEDGED.until(vertx, "the buffer and the spool to empty", () -> Future.succeededFuture(delivery.waiting()), left -> left == 0)
              .onComplete(ctx.succeeding(empty -> ctx.verify(() -> {
                // The first reading may still have been on its way when the buffer filled, and so kept.
                assertThat(stored).hasSize(5).isSorted().endsWith(6L, 7L, 8L, 9L);
                assertThat(delivery.delivered()).isEqualTo(5);
                assertThat(delivery.dropped()).isEqualTo(4);
                ctx.completeNow();
              })));
        }
      });
      storage.completion().onComplete(ctx.succeeding(registered -> { }));
    }));
  }

  @Test
  void stopWaitsForTheBatchInFlightAndHandsOverTheBufferedReadings(Vertx vertx, VertxTestContext ctx) {
    List<Long> acknowledged = new CopyOnWriteArrayList<>();
    MessageConsumer<JsonObject> storage = vertx.eventBus().consumer(Addresses.STORAGE_STORE, msg ->
        // Slow storage: every batch is acknowledged 300 ms after it arrives.
        vertx.setTimer(300, id -> {
          StoreBatch.fromJson(msg.body()).readings().forEach(r -> acknowledged.add(r.ts()));
          msg.reply(new JsonObject().put("stored", 1));
        }));
    storage.completion().compose(registered -> started(vertx, settings(10, 100, 2000, 10_000))).onComplete(ctx.succeeding(delivery -> {
      LongStream.rangeClosed(1, 5).forEach(ts -> delivery.add(reading(ts)));
      ctx.verify(() -> assertThat(delivery.buffered()).isEqualTo(5));
      delivery.stop().onComplete(ctx.succeeding(lost -> ctx.verify(() -> {
        assertThat(lost).isZero();
        assertThat(acknowledged).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(delivery.delivered()).isEqualTo(5);
        assertThat(delivery.buffered()).isZero();
        ctx.completeNow();
      })));
      // Taken no more once stopping.
      delivery.add(reading(6));
    }));
  }

  @Test
  void stopGivesUpAtItsBoundWhenStorageDoesNotAnswerAndSpoolsTheUnacknowledgedReadings(Vertx vertx, VertxTestContext ctx) {
    AtomicInteger requests = new AtomicInteger();
    MessageConsumer<JsonObject> storage = vertx.eventBus().consumer(Addresses.STORAGE_STORE, msg -> requests.incrementAndGet());
    // A request may go unanswered for a minute: only the 1 s stop bound can end the wait.
    DeliverySettings settings = settings(10, 100, 60_000, 1000);
    storage.completion().compose(registered -> started(vertx, settings)).onComplete(ctx.succeeding(delivery -> {
      LongStream.rangeClosed(1, 5).forEach(ts -> delivery.add(reading(ts)));
      long stopping = System.nanoTime();
      delivery.stop().onComplete(ctx.succeeding(lost -> ctx.verify(() -> {
        long tookMs = (System.nanoTime() - stopping) / 1_000_000;
        assertThat(tookMs).isBetween(900L, 15_000L);
        assertThat(lost).isZero();
        assertThat(requests).hasValue(1);
        // The batch still unanswered is spooled too: storage ignores it if it arrives twice.
        assertThat(spooledTs(settings)).containsExactly(1L, 2L, 3L, 4L, 5L);
        ctx.completeNow();
      })));
    }));
  }

  @Test
  void stopWithoutStorageMakesOneLastAttemptAndSpoolsTheRest(Vertx vertx, VertxTestContext ctx) {
    // Retries a minute apart: only the last attempt of the stop can send again.
    DeliverySettings settings = settings(10, 60_000, 2000, 10_000);
    started(vertx, settings).onComplete(ctx.succeeding(delivery -> {
      LongStream.rangeClosed(1, 5).forEach(ts -> delivery.add(reading(ts)));
      long stopping = System.nanoTime();
      delivery.stop().onComplete(ctx.succeeding(lost -> ctx.verify(() -> {
        // No handler fails a request at once: the stop does not wait for its bound.
        assertThat((System.nanoTime() - stopping) / 1_000_000).isLessThan(5_000);
        assertThat(lost).isZero();
        assertThat(delivery.delivered()).isZero();
        assertThat(spooledTs(settings)).containsExactly(1L, 2L, 3L, 4L, 5L);
        ctx.completeNow();
      })));
    }));
  }

  @Test
  void stopWithASpoolThatCannotBeWrittenCountsTheLostReadings(Vertx vertx, VertxTestContext ctx) throws IOException {
    Path notADirectory = Files.writeString(spoolDir.resolve("occupied"), "a file where the spool directory should be");
    DeliverySettings settings = new DeliverySettings(10, 2, 60_000, 2000, 10_000, notADirectory, 1000);
    started(vertx, settings).onComplete(ctx.succeeding(delivery -> {
      LongStream.rangeClosed(1, 5).forEach(ts -> delivery.add(reading(ts)));
      delivery.stop().onComplete(ctx.succeeding(lost -> ctx.verify(() -> {
        assertThat(lost).isEqualTo(5);
        ctx.completeNow();
      })));
    }));
  }

  @Test
  void readingsUnacknowledgedForARetryPeriodAreSpooledAndDeliveredFromThereOnceStorageIsBack(Vertx vertx, VertxTestContext ctx) {
    DeliverySettings settings = settings(100, 200, 2000, 5000);
    List<Long> stored = new CopyOnWriteArrayList<>();
    started(vertx, settings)
        .compose(delivery -> {
          LongStream.rangeClosed(1, 3).forEach(ts -> delivery.add(reading(ts)));
          // The count includes readings on their way to disk: wait for the file itself.
          return ACKNOWLEDGED.until(vertx, "the readings to be written to the spool", () -> spooledNow(settings), ts -> ts.size() == 3)
              .map(spooled -> {
                ctx.verify(() -> {
                  assertThat(spooled).containsExactly(1L, 2L, 3L);
                  assertThat(delivery.buffered()).isZero();
                  assertThat(delivery.spooled()).isEqualTo(3);
                });
                return delivery;
              });
        })
        .compose(delivery -> {
          MessageConsumer<JsonObject> storage = vertx.eventBus().consumer(Addresses.STORAGE_STORE, msg -> {
            StoreBatch.fromJson(msg.body()).readings().forEach(r -> stored.add(r.ts()));
            msg.reply(new JsonObject().put("stored", 1));
          });
          return storage.completion().compose(registered ->
              ACKNOWLEDGED.until(vertx, "the spool to empty", () -> Future.succeededFuture(delivery.waiting()), n -> n == 0));
        })
        .onComplete(ctx.succeeding(empty -> ctx.verify(() -> {
          assertThat(stored).containsExactly(1L, 2L, 3L);
          // Acknowledged segments are deleted, not kept.
          assertThat(spooledTs(settings)).isEmpty();
          ctx.completeNow();
        })));
  }

  @Test
  void aFullSpoolDropsAndCountsTheOldestReadings(Vertx vertx, VertxTestContext ctx) {
    DeliverySettings settings = new DeliverySettings(100, 2, 200, 2000, 5000, spoolDir, 4);
    List<Long> stored = new CopyOnWriteArrayList<>();
    started(vertx, settings)
        .compose(delivery -> {
          LongStream.rangeClosed(1, 10).forEach(ts -> delivery.add(reading(ts)));
          return ACKNOWLEDGED.until(vertx, "the readings to be spooled", () -> Future.succeededFuture(delivery.buffered() + delivery.spooled()),
              n -> n == 4).map(spooled -> delivery);
        })
        .compose(delivery -> {
          ctx.verify(() -> {
            assertThat(delivery.spooled()).isEqualTo(4);
            assertThat(delivery.dropped()).isEqualTo(6);
          });
          MessageConsumer<JsonObject> storage = vertx.eventBus().consumer(Addresses.STORAGE_STORE, msg -> {
            StoreBatch.fromJson(msg.body()).readings().forEach(r -> stored.add(r.ts()));
            msg.reply(new JsonObject().put("stored", 1));
          });
          return storage.completion().compose(registered ->
              ACKNOWLEDGED.until(vertx, "the spool to empty", () -> Future.succeededFuture(delivery.waiting()), n -> n == 0));
        })
        .onComplete(ctx.succeeding(empty -> ctx.verify(() -> {
          assertThat(stored).containsExactly(7L, 8L, 9L, 10L);
          ctx.completeNow();
        })));
  }

  @Test
  void aSpoolLeftByAnEarlierRunIsDeliveredItsTornLastLineSkippedAndADamagedFileMovedAside(Vertx vertx, VertxTestContext ctx)
      throws IOException {
    DeliverySettings settings = settings(100, 200, 2000, 5000);
    Path dir = Files.createDirectories(settings.spoolOf(TestConfigs.NODE));
    Files.writeString(dir.resolve("readings-000000000003.jsonl"), "[\"ceiling\",1,21.5,40.0]\n[\"ceiling\",2,21.5,40.0]\n[\"ceil");
    Files.writeString(dir.resolve("readings-000000000002.jsonl"), "[\"ceiling\",9,21.5,40.0]\n\u0000\u0000garbage\n[\"ceiling\",10,21.5,40.0]\n");
    List<Long> stored = new CopyOnWriteArrayList<>();
    MessageConsumer<JsonObject> storage = vertx.eventBus().consumer(Addresses.STORAGE_STORE, msg -> {
      StoreBatch.fromJson(msg.body()).readings().forEach(r -> stored.add(r.ts()));
      msg.reply(new JsonObject().put("stored", 1));
    });
    storage.completion()
        .compose(registered -> started(vertx, settings))
        .compose(delivery -> ACKNOWLEDGED.until(vertx, "the spool to empty", () -> Future.succeededFuture(delivery.waiting()), n -> n == 0)
            .map(empty -> delivery))
        .onComplete(ctx.succeeding(delivery -> ctx.verify(() -> {
          assertThat(stored).containsExactly(1L, 2L);
          assertThat(delivery.delivered()).isEqualTo(2);
          assertThat(dir.resolve("readings-000000000002.jsonl.corrupt")).exists();
          assertThat(dir.resolve("readings-000000000003.jsonl")).doesNotExist();
          ctx.completeNow();
        })));
  }

  /** A delivery started on a context of its own, which every later call of the test runs on. */
  /**
   * The delivery is confined to one event loop, so the test's callbacks must run there too: a future
   * bound to that context runs them there even when it completed before the test thread attached them.
   */
  private static Future<ReadingDelivery> started(Vertx vertx, DeliverySettings settings) {
    ContextInternal context = (ContextInternal) vertx.getOrCreateContext();
    Promise<ReadingDelivery> started = context.promise();
    context.runOnContext(x -> {
      ReadingDelivery delivery = new ReadingDelivery(vertx, TestConfigs.NODE, settings);
      delivery.start().onComplete(done -> started.complete(delivery));
    });
    return started.future();
  }

  private DeliverySettings fast() {
    return settings(5, 100, 2000, 5000);
  }

  private DeliverySettings settings(int maxBuffered, long retryMs, long timeoutMs, long stopMs) {
    return new DeliverySettings(maxBuffered, 2, retryMs, timeoutMs, stopMs, spoolDir, 1000);
  }

  private static Future<List<Long>> spooledNow(DeliverySettings settings) {
    try {
      return Future.succeededFuture(spooledTs(settings));
    } catch (IOException e) {
      return Future.failedFuture(e);
    }
  }

  private static List<Long> spooledTs(DeliverySettings settings) throws IOException {
    Path dir = settings.spoolOf(TestConfigs.NODE);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    return SensorVerticleStopTest.spooledLines(dir).stream().map(line -> new JsonArray(line).getLong(1)).toList();
  }

  private static Reading reading(long ts) {
    return new Reading(TestConfigs.NODE, "ceiling", ts, 21.5, 40);
  }
}
