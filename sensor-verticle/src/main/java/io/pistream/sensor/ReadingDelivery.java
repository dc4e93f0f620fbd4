package io.pistream.sensor;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.Reading;
import io.pistream.contracts.StoreBatch;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands accepted readings to storage on {@link Addresses#STORAGE_STORE} and keeps them until storage
 * acknowledges them, so that readings taken while the storage node is unreachable (rebooting, another
 * Pi unplugged) arrive once it is back. The buffer is bounded: when full, the oldest reading is dropped
 * and counted. One batch is in flight at a time; a failed one is resent after {@code retryMs}, which
 * is safe because storage ignores a reading it already has. Confined to the verticle's event loop.
 */
final class ReadingDelivery {

  private static final Logger log = LoggerFactory.getLogger(ReadingDelivery.class);

  private final Vertx vertx;
  private final DeliverySettings settings;
  private final DeliveryOptions options;
  private final ArrayDeque<Reading> waiting = new ArrayDeque<>();
  private List<Reading> inFlight = List.of();
  private long retryTimer = -1;
  private boolean stopped;
  private long outageSince = -1;
  private long delivered;
  private long dropped;
  private long droppedInOutage;

  ReadingDelivery(Vertx vertx, DeliverySettings settings) {
    this.vertx = vertx;
    this.settings = settings;
    this.options = new DeliveryOptions().setSendTimeout(settings.timeoutMs());
  }

  void add(Reading reading) {
    if (stopped) {
      return;
    }
    if (waiting.size() + inFlight.size() >= settings.maxBuffered()) {
      if (waiting.isEmpty()) {
        // Everything is in the batch on its way; the new reading is the one to lose.
        countDrop();
        return;
      }
      waiting.pollFirst();
      countDrop();
    }
    waiting.addLast(reading);
    if (inFlight.isEmpty() && retryTimer == -1) {
      sendNext();
    }
  }

  /** Readings acknowledged by storage since start. */
  long delivered() {
    return delivered;
  }

  /** Readings dropped because the buffer was full, since start. */
  long dropped() {
    return dropped;
  }

  /** Readings waiting for storage, in flight included. */
  int buffered() {
    return waiting.size() + inFlight.size();
  }

  void stop() {
    stopped = true;
    if (retryTimer != -1) {
      vertx.cancelTimer(retryTimer);
      retryTimer = -1;
    }
    if (buffered() > 0) {
      log.warn("stopping with {} readings storage has not acknowledged", buffered());
    }
  }

  private void sendNext() {
    if (stopped || waiting.isEmpty()) {
      return;
    }
    List<Reading> batch = new ArrayList<>(Math.min(waiting.size(), settings.batchSize()));
    while (batch.size() < settings.batchSize() && !waiting.isEmpty()) {
      batch.add(waiting.pollFirst());
    }
    inFlight = batch;
    vertx.eventBus().request(Addresses.STORAGE_STORE, new StoreBatch(batch).toJson(), options).onComplete(result -> {
      inFlight = List.of();
      if (result.succeeded()) {
        delivered += batch.size();
        recovered();
        sendNext();
      } else {
        requeue(batch);
        failed(result.cause());
      }
    });
  }

  private void requeue(List<Reading> batch) {
    for (int i = batch.size() - 1; i >= 0; i--) {
      waiting.addFirst(batch.get(i));
    }
    // Readings that arrived while the batch was out may have filled the buffer: drop the oldest.
    while (waiting.size() > settings.maxBuffered()) {
      waiting.pollFirst();
      countDrop();
    }
  }

  private void failed(Throwable cause) {
    if (outageSince == -1) {
      outageSince = System.currentTimeMillis();
      log.warn("storage does not acknowledge readings ({}); buffering up to {} and retrying every {} ms",
          cause.getMessage(), settings.maxBuffered(), settings.retryMs());
    }
    if (stopped) {
      return;
    }
    retryTimer = vertx.setTimer(settings.retryMs(), id -> {
      retryTimer = -1;
      sendNext();
    });
  }

  private void recovered() {
    if (outageSince != -1) {
      log.info("storage acknowledges readings again after {} s; {} buffered readings dropped meanwhile, {} still waiting",
          (System.currentTimeMillis() - outageSince) / 1000, droppedInOutage, waiting.size());
      outageSince = -1;
      droppedInOutage = 0;
    }
  }

  private void countDrop() {
    dropped++;
    droppedInOutage++;
    if (droppedInOutage == 1) {
      log.warn("reading buffer full ({} readings waiting for storage): dropping the oldest; the count is logged when storage is back",
          settings.maxBuffered());
    }
  }
}
