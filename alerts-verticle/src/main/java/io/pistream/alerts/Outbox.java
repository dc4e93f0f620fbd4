package io.pistream.alerts;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.pistream.alerts.channels.AlertMessage;
import io.pistream.alerts.channels.NotificationChannel;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.backends.BackendRegistries;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notifications waiting to be sent, one entry per channel, stored before the first attempt so that
 * neither a network outage nor a restart loses them. Each channel sends its oldest entry first and, after
 * a failure, waits with a doubling backoff; the whole outbox holds at most {@code queueMax} entries, the
 * oldest dropped and counted beyond. Runs on the verticle's event loop.
 */
final class Outbox {

  private static final Logger log = LoggerFactory.getLogger(Outbox.class);

  /** Sent later than this after it was made, a notification says it is late and when it happened. */
  static final long DELAYED_AFTER_MS = 60_000;

  /** A channel that neither succeeds nor fails in this time counts as failed (a mail server that hangs). */
  static final long SEND_TIMEOUT_MS = 60_000;

  /** Per channel: whether an attempt is under way, the counters, and what the log has been told. */
  private static final class Lane {
    final NotificationChannel channel;
    boolean sending;
    long sent;
    long failedAttempts;
    long dropped;
    int failuresInARow;
    long failuresSinceSummary;
    String lastError = "";

    Lane(NotificationChannel channel) {
      this.channel = channel;
    }
  }

  private final AlertStore store;
  private final SerialWrites writes;
  private final Map<String, Lane> lanes = new LinkedHashMap<>();
  private final List<OutboxEntry> queue = new ArrayList<>();
  private final Set<Future<Void>> inFlight = new HashSet<>();
  private final int max;
  private final RetryBackoff retry;
  private final LongSupplier clock;
  private final LongFunction<String> timeWords;
  private long nextPosition;
  private boolean enabled;

  Outbox(AlertStore store, SerialWrites writes, List<NotificationChannel> channels, int max, RetryBackoff retry, LongSupplier clock,
      LongFunction<String> timeWords) {
    this.store = store;
    this.writes = writes;
    channels.forEach(channel -> lanes.put(channel.name(), new Lane(channel)));
    registerMeters();
    this.max = max;
    this.retry = retry;
    this.clock = clock;
    this.timeWords = timeWords;
  }

  /**
   * Per channel: sent, dropped and failed attempts; the queue's length. Read at scrape time from another
   * thread: plain counts, at worst a moment old.
   */
  private void registerMeters() {
    MeterRegistry meters = BackendRegistries.getDefaultNow();
    if (meters == null) {
      return;
    }
    for (Lane lane : lanes.values()) {
      Tags tags = Tags.of("channel", lane.channel.name());
      FunctionCounter.builder("pistream.alerts.sent", lane, l -> l.sent).tags(tags)
          .description("notifications sent").register(meters);
      FunctionCounter.builder("pistream.alerts.dropped", lane, l -> l.dropped).tags(tags)
          .description("notifications dropped because the queue was full").register(meters);
      FunctionCounter.builder("pistream.alerts.failed.attempts", lane, l -> l.failedAttempts).tags(tags)
          .description("sending attempts that failed (retried with backoff)").register(meters);
    }
    Gauge.builder("pistream.alerts.queue", queue, List::size).description("notifications waiting to be sent").register(meters);
  }

  /** Takes back what was waiting at the last stop; entries for channels no longer configured are dropped. */
  void restore(List<OutboxEntry> entries) {
    for (OutboxEntry entry : entries) {
      nextPosition = Math.max(nextPosition, entry.position() + 1);
      if (lanes.containsKey(entry.channel())) {
        queue.add(entry);
      } else {
        log.warn("dropping a waiting notification for channel '{}', which is no longer configured: {}", entry.channel(),
            entry.notification().title());
        writes.then("delete a notification for a channel no longer configured", () -> store.delivered(entry));
      }
    }
    if (!queue.isEmpty()) {
      log.info("{} notifications were waiting to be sent at the last stop; sending them now", queue.size());
    }
  }

  /** One entry per channel for {@code notification}, to be stored with the change that made it. */
  List<OutboxEntry> entriesFor(Notification notification) {
    List<OutboxEntry> entries = new ArrayList<>();
    for (String channel : lanes.keySet()) {
      entries.add(new OutboxEntry(channel, notification, nextPosition++, 0, notification.createdAt()));
    }
    return entries;
  }

  /** The entries are stored: queue them, drop the oldest beyond the bound, and send what is due. */
  void stored(List<OutboxEntry> entries) {
    queue.addAll(entries);
    while (queue.size() > max) {
      OutboxEntry oldest = queue.remove(0);
      Lane lane = lanes.get(oldest.channel());
      if (lane != null) {
        lane.dropped++;
      }
      log.warn("notification queue full ({}): dropped the oldest for {}: {}", max, oldest.channel(), oldest.notification().title());
      writes.then("delete a dropped notification", () -> store.delivered(oldest));
    }
    deliverDue();
  }

  /** Only the active alerts node of a cluster sends. */
  void enable(boolean sending) {
    enabled = sending;
    if (sending) {
      deliverDue();
    }
  }

  /** Starts an attempt on every channel whose oldest entry is due and that is not already sending. */
  void deliverDue() {
    if (!enabled) {
      return;
    }
    long now = clock.getAsLong();
    for (Lane lane : lanes.values()) {
      if (lane.sending) {
        continue;
      }
      OutboxEntry head = head(lane.channel.name());
      if (head != null && head.nextTryAt() <= now) {
        send(lane, head, now);
      }
    }
  }

  private void send(Lane lane, OutboxEntry entry, long now) {
    lane.sending = true;
    AlertMessage message = message(entry.notification(), now);
    Promise<Void> settled = Promise.promise();
    inFlight.add(settled.future());
    lane.channel.send(message).timeout(SEND_TIMEOUT_MS, TimeUnit.MILLISECONDS).onComplete(result -> {
      lane.sending = false;
      Future<Void> recorded = result.succeeded() ? delivered(lane, entry) : failed(lane, entry, result.cause());
      recorded.onComplete(done -> {
        inFlight.remove(settled.future());
        settled.complete();
      });
      deliverDue();
    });
  }

  /** Stops sending; completes once the attempts under way have ended and their outcome is stored. */
  Future<Void> quiesce() {
    enabled = false;
    return Future.join(List.copyOf(inFlight)).mapEmpty();
  }

  private Future<Void> delivered(Lane lane, OutboxEntry entry) {
    queue.remove(entry);
    lane.sent++;
    if (lane.failuresInARow > 0) {
      log.info("{}: sending again after {} failed attempts; {} notifications waiting", lane.channel.name(), lane.failuresInARow,
          waiting(lane.channel.name()));
      lane.failuresInARow = 0;
    }
    log.debug("{}: sent {}", lane.channel.name(), entry.notification().id());
    return writes.then("delete a sent notification (it may be sent again after a restart)", () -> store.delivered(entry));
  }

  private Future<Void> failed(Lane lane, OutboxEntry entry, Throwable cause) {
    lane.failedAttempts++;
    lane.failuresSinceSummary++;
    lane.failuresInARow++;
    lane.lastError = String.valueOf(cause.getMessage());
    long delay = retry.delayAfter(entry.attempts() + 1);
    OutboxEntry later = entry.failed(clock.getAsLong() + delay);
    int index = queue.indexOf(entry);
    Future<Void> recorded = Future.succeededFuture();
    if (index >= 0) {
      queue.set(index, later);
      recorded = writes.then("store a notification's next attempt", () -> store.retryLater(later));
    }
    // Once per outage, then a summary a minute: a mail server down for a day must not fill the log.
    if (lane.failuresInARow == 1) {
      log.warn("{}: could not send '{}': {}; kept, next attempt in {} s (further failures summarised every minute)",
          lane.channel.name(), entry.notification().title(), lane.lastError, delay / 1000);
      lane.failuresSinceSummary = 0;
    }
    return recorded;
  }

  /** Logs one line per channel that failed since the last summary. */
  void summarise(long periodSeconds) {
    for (Lane lane : lanes.values()) {
      if (lane.failuresSinceSummary > 0) {
        log.warn("{}: {} more failed attempts in the last {} s, {} notifications waiting; last error: {}", lane.channel.name(),
            lane.failuresSinceSummary, periodSeconds, waiting(lane.channel.name()), lane.lastError);
        lane.failuresSinceSummary = 0;
      }
    }
  }

  /** {@code {"pending", "sent", "failedAttempts", "dropped", "channels": {name: {same}}}} for the alerts list. */
  JsonObject counters() {
    JsonObject channels = new JsonObject();
    long sent = 0;
    long failed = 0;
    long dropped = 0;
    for (Lane lane : lanes.values()) {
      channels.put(lane.channel.name(), new JsonObject()
          .put("pending", waiting(lane.channel.name()))
          .put("sent", lane.sent)
          .put("failedAttempts", lane.failedAttempts)
          .put("dropped", lane.dropped)
          .put("lastError", lane.lastError));
      sent += lane.sent;
      failed += lane.failedAttempts;
      dropped += lane.dropped;
    }
    return new JsonObject()
        .put("sending", enabled)
        .put("pending", queue.size())
        .put("sent", sent)
        .put("failedAttempts", failed)
        .put("dropped", dropped)
        .put("channels", channels);
  }

  int pending() {
    return queue.size();
  }

  private OutboxEntry head(String channel) {
    for (OutboxEntry entry : queue) {
      if (entry.channel().equals(channel)) {
        return entry;
      }
    }
    return null;
  }

  private long waiting(String channel) {
    return queue.stream().filter(entry -> entry.channel().equals(channel)).count();
  }

  /** The channel's message; one sent late says so, and when it happened. */
  private AlertMessage message(Notification notification, long now) {
    long late = now - notification.createdAt();
    if (late <= DELAYED_AFTER_MS) {
      return new AlertMessage(notification.id(), notification.title(), notification.body(), notification.link(), notification.event(), false);
    }
    String happened = notification.event().firing() ? "fired at " : "resolved at ";
    String body = notification.body() + "\n\nDelayed: " + happened + timeWords.apply(notification.createdAt())
        + " (sent " + AlertTexts.duration(late) + " late)";
    return new AlertMessage(notification.id(), notification.title() + " (delayed)", body, notification.link(), notification.event(), true);
  }

  /** Channels release their clients. */
  List<NotificationChannel> channels() {
    List<NotificationChannel> channels = new ArrayList<>();
    lanes.values().forEach(lane -> channels.add(lane.channel));
    return channels;
  }
}
