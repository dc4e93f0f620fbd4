package io.pistream.sensor;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.Reading;
import io.pistream.contracts.StoreBatch;
import io.vertx.core.Future;
import io.vertx.core.Promise;
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
 * is safe because storage ignores a reading it already has. {@link #stop()} waits, bounded by
 * {@code stopMs}, for the batch in flight and then makes one last attempt to hand over the rest.
 * Confined to the verticle's event loop.
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
  private Promise<Integer> handedOver;
  private long stopDeadline = -1;
  private long stopTimer = -1;
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

  /** Readings not yet acknowledged by storage, in memory and spooled. */
  long waiting() {
    return buffered() + spooled();
  }

  /** Readings in the spool on disk. */
  long spooled() {
    return 0;
  }

  /** Readings waiting for storage, in flight included. */
  int buffered() {
    return waiting.size() + inFlight.size();
  }

  /**
   * Takes no more readings, waits for the batch in flight, then sends what is still buffered once more,
   * without retries, all within {@code stopMs}. Never fails; the future holds how many readings storage
   * has not acknowledged, which are lost.
   */
  Future<Integer> stop() {
    if (handedOver != null) {
      return handedOver.future();
    }
    stopped = true;
    handedOver = Promise.promise();
    if (retryTimer != -1) {
      vertx.cancelTimer(retryTimer);
      retryTimer = -1;
    }
    if (buffered() == 0) {
      finishStop("nothing was waiting");
      return handedOver.future();
    }
    log.info("stopping: handing {} buffered readings to storage (waiting at most {} ms)", buffered(), settings.stopMs());
    stopDeadline = System.currentTimeMillis() + settings.stopMs();
    stopTimer = vertx.setTimer(settings.stopMs(), id -> {
      stopTimer = -1;
      finishStop("storage did not acknowledge within " + settings.stopMs() + " ms");
    });
    if (inFlight.isEmpty()) {
      sendNext();
    }
    // Otherwise the batch in flight sends the rest once it is answered.
    return handedOver.future();
  }

  private void sendNext() {
    if (handedOver != null && handedOver.future().isComplete()) {
      return;
    }
    if (waiting.isEmpty()) {
      if (stopped) {
        finishStop("storage acknowledged them");
      }
      return;
    }
    List<Reading> batch = new ArrayList<>(Math.min(waiting.size(), settings.batchSize()));
    while (batch.size() < settings.batchSize() && !waiting.isEmpty()) {
      batch.add(waiting.pollFirst());
    }
    inFlight = batch;
    boolean lastAttempt = stopped;
    DeliveryOptions sendOptions = lastAttempt
        ? new DeliveryOptions().setSendTimeout(Math.max(1, Math.min(settings.timeoutMs(), stopDeadline - System.currentTimeMillis())))
        : options;
    vertx.eventBus().request(Addresses.STORAGE_STORE, new StoreBatch(batch).toJson(), sendOptions).onComplete(result -> {
      inFlight = List.of();
      if (result.succeeded()) {
        delivered += batch.size();
        recovered();
        sendNext();
        return;
      }
      requeue(batch);
      if (lastAttempt) {
        finishStop("storage did not take them: " + result.cause().getMessage());
      } else if (stopped) {
        // The batch was on its way when the stop came: it gets its last attempt with the rest.
        sendNext();
      } else {
        failed(result.cause());
      }
    });
  }

  private void finishStop(String outcome) {
    if (handedOver.future().isComplete()) {
      return;
    }
    if (stopTimer != -1) {
      vertx.cancelTimer(stopTimer);
      stopTimer = -1;
    }
    int lost = buffered();
    if (lost > 0) {
      log.warn("stopped with {} readings storage has not acknowledged, they are lost ({}); {} delivered and {} dropped for a full buffer since start",
          lost, outcome, delivered, dropped);
    } else {
      log.info("stopped with every reading handed to storage ({}); {} delivered and {} dropped for a full buffer since start",
          outcome, delivered, dropped);
    }
    handedOver.complete(lost);
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
