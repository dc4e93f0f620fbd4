package io.pistream.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.Failures;
import io.pistream.contracts.Reading;
import io.pistream.contracts.StoreBatch;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
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

  private static final DeliverySettings FAST = new DeliverySettings(5, 2, 100, 2000);

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
          // The acknowledgement is counted when the reply reaches the sender: poll for it.
          vertx.setPeriodic(10, id -> {
            if (delivery.buffered() == 0) {
              vertx.cancelTimer(id);
              ctx.verify(() -> {
                // The first reading may still have been on its way when the buffer filled, and so kept.
                assertThat(stored).hasSize(5).isSorted().endsWith(6L, 7L, 8L, 9L);
                assertThat(delivery.delivered()).isEqualTo(5);
                assertThat(delivery.dropped()).isEqualTo(4);
              });
              ctx.completeNow();
            }
          });
        }
      });
      storage.completion().onComplete(ctx.succeeding(registered -> { }));
    });
  }

  private static Reading reading(long ts) {
    return new Reading(TestConfigs.NODE, "ceiling", ts, 21.5, 40);
  }
}
