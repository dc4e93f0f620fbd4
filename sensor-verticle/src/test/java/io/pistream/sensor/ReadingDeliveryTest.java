package io.pistream.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.Failures;
import io.pistream.contracts.Reading;
import io.pistream.contracts.StoreBatch;
import io.pistream.testing.Eventually;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Plays storage on {@link Addresses#STORAGE_STORE}: acknowledging, refusing, or not there at all. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class ReadingDeliveryTest {

  private static final DeliverySettings FAST = new DeliverySettings(5, 2, 100, 2000, 5000);
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
    ReadingDelivery delivery = new ReadingDelivery(vertx, FAST);
    storage.completion().onComplete(ctx.succeeding(v -> vertx.runOnContext(x -> {
      LongStream.rangeClosed(1, 4).forEach(ts -> delivery.add(reading(ts)));
    })));
    ctx.awaitCompletion(30, TimeUnit.SECONDS);
    assertThat(stored).containsExactly(1L, 2L, 3L, 4L);
  }

  @Test
  void whileStorageIsAwayTheBufferKeepsTheNewestCountsDropsAndDeliversOnceStorageIsBack(Vertx vertx, VertxTestContext ctx) {
    List<Long> stored = new CopyOnWriteArrayList<>();
    AtomicInteger refused = new AtomicInteger();
    ReadingDelivery delivery = new ReadingDelivery(vertx, FAST);
    vertx.runOnContext(x -> {
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
          ACKNOWLEDGED.until(vertx, "the buffer to empty", () -> Future.succeededFuture(delivery.buffered()), buffered -> buffered == 0)
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
    });
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
    ReadingDelivery delivery = new ReadingDelivery(vertx, new DeliverySettings(10, 2, 100, 2000, 10_000));
    storage.completion().onComplete(ctx.succeeding(registered -> vertx.runOnContext(x -> {
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
    })));
  }

  @Test
  void stopGivesUpAtItsBoundWhenStorageDoesNotAnswerAndCountsTheLostReadings(Vertx vertx, VertxTestContext ctx) {
    AtomicInteger requests = new AtomicInteger();
    MessageConsumer<JsonObject> storage = vertx.eventBus().consumer(Addresses.STORAGE_STORE, msg -> requests.incrementAndGet());
    // A request may go unanswered for a minute: only the 1 s stop bound can end the wait.
    ReadingDelivery delivery = new ReadingDelivery(vertx, new DeliverySettings(10, 2, 100, 60_000, 1000));
    storage.completion().onComplete(ctx.succeeding(registered -> vertx.runOnContext(x -> {
      LongStream.rangeClosed(1, 5).forEach(ts -> delivery.add(reading(ts)));
      long stopping = System.nanoTime();
      delivery.stop().onComplete(ctx.succeeding(lost -> ctx.verify(() -> {
        long tookMs = (System.nanoTime() - stopping) / 1_000_000;
        assertThat(tookMs).isBetween(900L, 15_000L);
        assertThat(lost).isEqualTo(5);
        assertThat(requests).hasValue(1);
        ctx.completeNow();
      })));
    })));
  }

  @Test
  void stopWithoutStorageMakesOneLastAttemptAndCountsTheLostReadings(Vertx vertx, VertxTestContext ctx) {
    // Retries a minute apart: only the last attempt of the stop can send again.
    ReadingDelivery delivery = new ReadingDelivery(vertx, new DeliverySettings(10, 2, 60_000, 2000, 10_000));
    vertx.runOnContext(x -> {
      LongStream.rangeClosed(1, 5).forEach(ts -> delivery.add(reading(ts)));
      long stopping = System.nanoTime();
      delivery.stop().onComplete(ctx.succeeding(lost -> ctx.verify(() -> {
        // No handler fails a request at once: the stop does not wait for its bound.
        assertThat((System.nanoTime() - stopping) / 1_000_000).isLessThan(5_000);
        assertThat(lost).isEqualTo(5);
        assertThat(delivery.delivered()).isZero();
        ctx.completeNow();
      })));
    });
  }

  private static Reading reading(long ts) {
    return new Reading(TestConfigs.NODE, "ceiling", ts, 21.5, 40);
  }
}
