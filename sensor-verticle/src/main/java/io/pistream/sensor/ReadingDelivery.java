package io.pistream.sensor;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.Reading;
import io.pistream.contracts.StoreBatch;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.DeliveryOptions;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands accepted readings to storage on {@link Addresses#STORAGE_STORE} and keeps them until storage
 * acknowledges them, so that readings taken while the storage node is unreachable (rebooting, another
 * Pi unplugged) arrive once it is back. One batch is in flight at a time; a failed one is resent after
 * {@code retryMs}, which is safe because storage ignores a reading it already has.
 *
 * <p>Readings wait in memory first. Those still unacknowledged when a request fails after they have
 * waited {@code retryMs} move to the {@link ReadingSpool} on disk, and so do those left at stop: a node
 * whose storage answers writes nothing to its SD card, and one restarted during an outage delivers what
 * it held once storage is back. Spooled readings are sent first. Both the memory buffer and the spool are
 * bounded: when full, the oldest readings are dropped and counted. {@link #stop()} waits, bounded by
 * {@code stopMs}, for the batch in flight and then makes one last attempt to hand over the rest before
 * spooling it. Confined to the verticle's event loop; spool files are touched only on a worker of its own.
 */
final class ReadingDelivery {

  private static final Logger log = LoggerFactory.getLogger(ReadingDelivery.class);
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private record Waiting(Reading reading, long sinceMono) {
  }

  /** A batch on its way to storage: from memory, or from the spool. */
  private record Batch(List<Waiting> fromMemory, ReadingSpool.Batch fromSpool) {

    List<Reading> readings() {
      return fromSpool != null ? fromSpool.readings() : fromMemory.stream().map(Waiting::reading).toList();
    }

    int size() {
      return fromSpool != null ? fromSpool.readings().size() : fromMemory.size();
    }
  }

  private final Vertx vertx;
  private final String nodeId;
  private final DeliverySettings settings;
  private final DeliveryOptions options;
  private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
  private WorkerExecutor files;
  private ReadingSpool spool;
  private Batch inFlight;
  private boolean spoolBusy;
  private int spooled;
  private int spooling;
  private boolean spoolWriteFailing;
  private long retryTimer = -1;
  private boolean stopped;
  private boolean finished;
  private Promise<Integer> handedOver;
  private long stopDeadline = -1;
  private long stopTimer = -1;
  private long outageSince = -1;
  private long delivered;
  private long dropped;
  private long droppedInOutage;
  private long spoolDroppedInOutage;

  ReadingDelivery(Vertx vertx, String nodeId, DeliverySettings settings) {
    this.vertx = vertx;
    this.nodeId = nodeId;
    this.settings = settings;
    this.options = new DeliveryOptions().setSendTimeout(settings.timeoutMs());
  }

  /**
   * Opens the spool and starts sending what an earlier run left in it. Never fails: a spool that cannot
   * be read is logged, and readings then wait in memory only.
   */
  Future<Void> start() {
    files = vertx.createSharedWorkerExecutor("pistream-sensor-spool-" + INSTANCES.incrementAndGet(), 1);
    Path dir = settings.spoolOf(nodeId);
    return files.executeBlocking(() -> ReadingSpool.open(dir, nodeId, settings.spoolMaxReadings()))
        .map(opened -> {
          spool = opened;
          spooled = opened.size();
          dropped += opened.dropped();
          if (spooled > 0) {
            log.info("{} readings not acknowledged before the last stop are in the spool {}; delivering them once storage answers", spooled,
                dir);
            sendNext();
          }
          return (Void) null;
        })
        .recover(e -> {
          log.error("cannot read the spool {}; readings wait in memory only", dir, e);
          return Future.succeededFuture();
        });
  }

  void add(Reading reading) {
    if (stopped) {
      return;
    }
    if (buffered() >= settings.maxBuffered()) {
      if (waiting.isEmpty()) {
        // Everything is in the batch on its way; the new reading is the one to lose.
        countDrop();
        return;
      }
      waiting.pollFirst();
      countDrop();
    }
    waiting.addLast(new Waiting(reading, monotonicMs()));
    if (inFlight == null && retryTimer == -1) {
      sendNext();
    }
  }

  /** Readings acknowledged by storage since start. */
  long delivered() {
    return delivered;
  }

  /** Readings dropped because the buffer or the spool was full, since start. */
  long dropped() {
    return dropped;
  }

  /** Readings waiting for storage in memory, in flight included. */
  int buffered() {
    return waiting.size() + (inFlight != null && inFlight.fromSpool() == null ? inFlight.size() : 0);
  }

  /** Readings in the spool on disk, or on their way there. */
  long spooled() {
    return spooled + spooling;
  }

  /** Readings not yet acknowledged by storage, in memory and spooled. */
  long waiting() {
    return buffered() + spooled();
  }

  /**
   * Takes no more readings, waits for the batch in flight, then sends what is still in memory once more,
   * without retries, all within {@code stopMs}, and spools what storage has not acknowledged. Never
   * fails; the future holds how many readings were neither acknowledged nor spooled, which are lost.
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
      finishStop("nothing was waiting in memory");
      return handedOver.future();
    }
    log.info("stopping: handing {} buffered readings to storage (waiting at most {} ms)", buffered(), settings.stopMs());
    stopDeadline = System.currentTimeMillis() + settings.stopMs();
    stopTimer = vertx.setTimer(settings.stopMs(), id -> {
      stopTimer = -1;
      finishStop("storage did not acknowledge within " + settings.stopMs() + " ms");
    });
    if (inFlight == null) {
      sendNext();
    }
    // Otherwise the batch in flight sends the rest once it is answered.
    return handedOver.future();
  }

  private void sendNext() {
    if (finished || inFlight != null || spoolBusy) {
      return;
    }
    // At stop the spool keeps what it holds for the next start: only memory gets a last attempt.
    if (!stopped && spooled > 0 && spool != null) {
      sendFromSpool();
      return;
    }
    if (waiting.isEmpty()) {
      if (stopped) {
        finishStop("storage acknowledged them");
      }
      return;
    }
    List<Waiting> batch = new ArrayList<>(Math.min(waiting.size(), settings.batchSize()));
    while (batch.size() < settings.batchSize() && !waiting.isEmpty()) {
      batch.add(waiting.pollFirst());
    }
    send(new Batch(batch, null));
  }

  private void sendFromSpool() {
    spoolBusy = true;
    files.executeBlocking(() -> spool.peek(settings.batchSize())).onComplete(peeked -> {
      spoolBusy = false;
      if (finished) {
        return;
      }
      if (peeked.failed()) {
        log.error("reading the spool {} failed; its readings stay there until the next start", spool.dir(), peeked.cause());
        spool = null;
        spooled = 0;
        sendNext();
        return;
      }
      ReadingSpool.Batch batch = peeked.result();
      if (batch == null || stopped) {
        spooled = batch == null ? 0 : spooled;
        sendNext();
        return;
      }
      send(new Batch(List.of(), batch));
    });
  }

  private void send(Batch batch) {
    inFlight = batch;
    boolean lastAttempt = stopped;
    DeliveryOptions sendOptions = lastAttempt
        ? new DeliveryOptions().setSendTimeout(Math.max(1, Math.min(settings.timeoutMs(), stopDeadline - System.currentTimeMillis())))
        : options;
    vertx.eventBus().request(Addresses.STORAGE_STORE, new StoreBatch(batch.readings()).toJson(), sendOptions).onComplete(result -> {
      inFlight = null;
      if (finished) {
        return;
      }
      if (result.succeeded()) {
        delivered += batch.size();
        recovered();
        if (batch.fromSpool() != null) {
          acknowledgeSpooled(batch.fromSpool());
        } else {
          sendNext();
        }
        return;
      }
      if (batch.fromSpool() == null) {
        requeue(batch.fromMemory());
      }
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

  private void acknowledgeSpooled(ReadingSpool.Batch batch) {
    spoolBusy = true;
    files.executeBlocking(() -> {
      spool.acknowledge(batch);
      return spool.size();
    }).onComplete(done -> {
      spoolBusy = false;
      if (done.succeeded()) {
        spooled = done.result();
      } else {
        // Storage has them; at worst they are sent again after the next start, which storage ignores.
        log.error("removing delivered readings from the spool {} failed; they stay there until the next start", spool.dir(), done.cause());
        spool = null;
        spooled = 0;
      }
      sendNext();
    });
  }

  /** Moves the readings that have waited a retry period to the spool, freeing memory and surviving a restart. */
  private void spoolAged() {
    long cutoff = monotonicMs() - settings.retryMs();
    List<Reading> aged = new ArrayList<>();
    while (!waiting.isEmpty() && waiting.peekFirst().sinceMono() <= cutoff) {
      aged.add(waiting.pollFirst().reading());
    }
    if (!aged.isEmpty()) {
      writeToSpool(aged);
    }
  }

  /** @return how many readings could not be written, which are back in memory (or, at stop, lost) */
  private Future<Integer> writeToSpool(List<Reading> readings) {
    spooling += readings.size();
    return files.executeBlocking(() -> {
      int droppedNow = spool.append(readings);
      return new int[] {droppedNow, spool.size()};
    }).transform(written -> {
      spooling -= readings.size();
      if (written.succeeded()) {
        spoolWriteFailing = false;
        countSpoolDrops(written.result()[0]);
        spooled = written.result()[1];
        return Future.succeededFuture(0);
      }
      if (!spoolWriteFailing) {
        spoolWriteFailing = true;
        log.error("writing {} readings to the spool {} failed; they wait in memory (bounded by sensor.delivery.maxBuffered)", readings.size(),
            spool.dir(), written.cause());
      }
      if (!stopped) {
        for (int i = readings.size() - 1; i >= 0; i--) {
          waiting.addFirst(new Waiting(readings.get(i), monotonicMs()));
        }
        trimMemory();
      }
      return Future.succeededFuture(readings.size());
    });
  }

  private void finishStop(String outcome) {
    if (finished) {
      return;
    }
    finished = true;
    if (stopTimer != -1) {
      vertx.cancelTimer(stopTimer);
      stopTimer = -1;
    }
    List<Reading> rest = new ArrayList<>(buffered());
    if (inFlight != null && inFlight.fromSpool() == null) {
      // Unanswered still: spooled too, and sent again after the next start, which storage ignores.
      rest.addAll(inFlight.readings());
    }
    waiting.forEach(w -> rest.add(w.reading()));
    waiting.clear();
    Future<Integer> lost = rest.isEmpty() || spool == null ? Future.succeededFuture(rest.size()) : writeToSpool(rest);
    lost.compose(notSpooled -> closeSpool().map(notSpooled)).onComplete(done -> {
      int unsaved = done.succeeded() ? done.result() : rest.size();
      int saved = rest.size() - unsaved;
      if (unsaved > 0) {
        log.warn("stopped with {} readings storage has not acknowledged, they are lost ({}); {} delivered and {} dropped for a full buffer "
            + "or spool since start", unsaved, outcome, delivered, dropped);
      } else if (saved > 0) {
        log.info("stopped with {} readings storage has not acknowledged ({}): spooled in {} ({} there now), delivered after the next start; "
            + "{} delivered and {} dropped for a full buffer or spool since start", saved, outcome, settings.spoolOf(nodeId), spooled, delivered,
            dropped);
      } else {
        log.info("stopped with every reading handed to storage or spooled ({}, {} in the spool); {} delivered and {} dropped for a full "
            + "buffer or spool since start", outcome, spooled, delivered, dropped);
      }
      handedOver.complete(unsaved);
    });
  }

  private Future<Void> closeSpool() {
    WorkerExecutor worker = files;
    if (worker == null) {
      return Future.succeededFuture();
    }
    ReadingSpool open = spool;
    Future<Void> closed = open == null ? Future.succeededFuture() : worker.<Void>executeBlocking(() -> {
      open.close();
      return null;
    }).recover(e -> {
      log.error("closing the spool {} failed", open.dir(), e);
      return Future.succeededFuture();
    });
    return closed.eventually(() -> worker.close());
  }

  private void requeue(List<Waiting> batch) {
    for (int i = batch.size() - 1; i >= 0; i--) {
      waiting.addFirst(batch.get(i));
    }
    trimMemory();
  }

  /** Readings that arrived while others were out may have filled the buffer: drop the oldest. */
  private void trimMemory() {
    while (waiting.size() > settings.maxBuffered()) {
      waiting.pollFirst();
      countDrop();
    }
  }

  private void failed(Throwable cause) {
    if (outageSince == -1) {
      outageSince = System.currentTimeMillis();
      log.warn("storage does not acknowledge readings ({}); retrying every {} ms, readings unacknowledged for that long go to the spool {}",
          cause.getMessage(), settings.retryMs(), spool != null ? settings.spoolOf(nodeId) : "(unavailable: memory only)");
    }
    if (spool != null) {
      spoolAged();
    }
    retryTimer = vertx.setTimer(settings.retryMs(), id -> {
      retryTimer = -1;
      sendNext();
    });
  }

  private void recovered() {
    if (outageSince != -1) {
      log.info("storage acknowledges readings again after {} s; {} readings dropped meanwhile for a full buffer and {} for a full spool, {} "
          + "still waiting ({} spooled)", (System.currentTimeMillis() - outageSince) / 1000, droppedInOutage, spoolDroppedInOutage, waiting(),
          spooled());
      outageSince = -1;
      droppedInOutage = 0;
      spoolDroppedInOutage = 0;
    }
  }

  private void countDrop() {
    dropped++;
    droppedInOutage++;
    if (droppedInOutage == 1) {
      log.warn("reading buffer full ({} readings waiting for storage in memory): dropping the oldest; the count is logged when storage is back",
          settings.maxBuffered());
    }
  }

  private void countSpoolDrops(int count) {
    if (count == 0) {
      return;
    }
    dropped += count;
    if (spoolDroppedInOutage == 0) {
      log.warn("spool full ({} readings, sensor.delivery.spoolMaxReadings): dropping the oldest; the count is logged when storage is back",
          settings.spoolMaxReadings());
    }
    spoolDroppedInOutage += count;
  }

  private static long monotonicMs() {
    return System.nanoTime() / 1_000_000;
  }
}
