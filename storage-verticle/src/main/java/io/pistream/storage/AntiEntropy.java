package io.pistream.storage;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.Failures;
import io.pistream.contracts.SensorKey;
import io.pistream.contracts.SyncDiff;
import io.pistream.contracts.SyncDigest;
import io.pistream.contracts.SyncFetch;
import io.pistream.contracts.SyncHello;
import io.pistream.contracts.SyncRows;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings this storage node's raw readings level with every other storage node's, whatever either missed
 * while down or joining. With each peer in turn, every period and soon after it appears or restarts, it
 * compares digests (count and hash sums of the rows) over the window, first one per sensor, then per
 * day and per hour where they differ, and fetches the differing hours' rows, paged, into its own
 * {@link BatchWriter}: the normal idempotent write, so duplicates are skipped and the rollups follow.
 * It answers the same questions for its peers, and a peer's question that reveals a difference makes
 * it ask that peer in turn, so both sides pull what they miss. Confined to the verticle's event loop.
 */
final class AntiEntropy {

  private static final Logger log = LoggerFactory.getLogger(AntiEntropy.class);
  static final long HOUR = Resolution.HOUR.millis;
  static final long DAY = Resolution.DAY.millis;
  /** Buckets per digest message: about 50 bytes each, so a message stays near 100 KB. */
  static final int MAX_BUCKETS = 2000;
  /** Rows per fetched page: about 30 bytes each. */
  static final int PAGE = 1000;
  private static final long ASK_SOON_MS = 1000;
  private static final long MIN_GAP_MS = 5000;
  private static final long TIMEOUT_MS = 30_000;
  private static final int CONFLICT_ROUNDS = 10;

  private final Vertx vertx;
  private final String nodeId;
  private final SensorRegistry registry;
  private final BatchWriter writer;
  private final DigestReader digests;
  private final AntiEntropyConfig config;
  private final LongSupplier clock;
  private final StoragePeers peers;
  private final long started;
  private final DeliveryOptions delivery = new DeliveryOptions().setSendTimeout(TIMEOUT_MS);

  private final ArrayDeque<String> queue = new ArrayDeque<>();
  private final Set<String> askingSoon = new HashSet<>();
  private final Map<String, Long> lastEnded = new HashMap<>();
  private final Map<String, Long> lastAskedBack = new HashMap<>();
  private final Map<String, Integer> failures = new HashMap<>();
  private final Map<String, Integer> differingRounds = new HashMap<>();
  private final Set<Long> timers = new HashSet<>();
  private String current;
  private long lastAnswerAt;
  private boolean stopped;

  AntiEntropy(Vertx vertx, String nodeId, SensorRegistry registry, BatchWriter writer, DigestReader digests,
      AntiEntropyConfig config, LongSupplier clock) {
    this.vertx = vertx;
    this.nodeId = nodeId;
    this.registry = registry;
    this.writer = writer;
    this.digests = digests;
    this.config = config;
    this.clock = clock;
    this.peers = new StoragePeers(nodeId, 3 * config.everyMs());
    this.started = clock.getAsLong();
  }

  /** Registers the consumers; their completion is in each consumer. */
  List<MessageConsumer<?>> register(EventBus bus) {
    return List.of(
        bus.<Object>consumer(Addresses.STORAGE_SYNC_HELLO, this::onHello),
        bus.<Object>consumer(Addresses.storageSyncDigest(nodeId), this::onDigest),
        bus.<Object>consumer(Addresses.storageSyncFetch(nodeId), this::onFetch));
  }

  /** Announces this node now and every period, and compares with every peer each period. */
  void start() {
    hello();
    timers.add(vertx.setPeriodic(config.everyMs(), id -> {
      hello();
      peers.live(clock.getAsLong()).forEach(this::enqueue);
    }));
  }

  /**
   * Stops comparing. A round in progress ends at its next step without waiting for a slow peer's answer,
   * and hands the writer nothing more.
   */
  void stop() {
    stopped = true;
    timers.forEach(vertx::cancelTimer);
    queue.clear();
  }

  private void hello() {
    vertx.eventBus().publish(Addresses.STORAGE_SYNC_HELLO, new SyncHello(nodeId, started).toJson());
  }

  private void onHello(Message<Object> message) {
    SyncHello hello;
    try {
      hello = SyncHello.fromJson((JsonObject) message.body());
    } catch (RuntimeException e) {
      log.warn("ignored a malformed storage hello: {}", e.toString());
      return;
    }
    if (peers.hello(hello.node(), hello.started(), clock.getAsLong())) {
      log.info("storage node {} is here; comparing readings with it", hello.node());
      // Answered, so that a node that just started learns of this one now rather than a period later;
      // once for all the nodes that answer this one's own first hello together, who know it already.
      if (clock.getAsLong() - lastAnswerAt > ASK_SOON_MS) {
        lastAnswerAt = clock.getAsLong();
        hello();
      }
      askSoon(hello.node());
      // Once more when what was still arriving as it appeared has settled: its last readings before that.
      later(config.settleMs() + ASK_SOON_MS, () -> enqueue(hello.node()));
    }
  }

  // --- asking a peer -------------------------------------------------------------------------------

  private void askSoon(String peer) {
    if (stopped || !askingSoon.add(peer)) {
      return;
    }
    long gap = lastEnded.getOrDefault(peer, Long.MIN_VALUE / 2) + MIN_GAP_MS - clock.getAsLong();
    later(Math.max(ASK_SOON_MS, gap), () -> {
      askingSoon.remove(peer);
      enqueue(peer);
    });
  }

  private void later(long delayMs, Runnable action) {
    long[] timer = new long[1];
    timer[0] = vertx.setTimer(delayMs, id -> {
      timers.remove(timer[0]);
      action.run();
    });
    timers.add(timer[0]);
  }

  private void enqueue(String peer) {
    // A peer being compared may be queued again: what it asks for may have appeared since the round began.
    if (!stopped && !queue.contains(peer)) {
      queue.add(peer);
      next();
    }
  }

  private void next() {
    if (stopped || current != null || queue.isEmpty()) {
      return;
    }
    String peer = queue.poll();
    current = peer;
    long began = clock.getAsLong();
    Round round = new Round(peer, began);
    round.run().onComplete(result -> {
      current = null;
      lastEnded.put(peer, clock.getAsLong());
      if (!stopped) {
        report(peer, round, result.cause(), clock.getAsLong() - began);
        next();
      }
    });
  }

  private void report(String peer, Round round, Throwable failure, long tookMs) {
    if (failure != null) {
      int streak = failures.merge(peer, 1, Integer::sum);
      if (streak == 1) {
        log.warn("comparing readings with storage node {} failed; retrying every {} s: {}", peer, config.everyMs() / 1000,
            failure.toString());
      }
      return;
    }
    Integer streak = failures.remove(peer);
    if (streak != null) {
      log.info("comparing readings with storage node {} works again after {} failed rounds", peer, streak);
    }
    if (round.hours == 0) {
      Integer rounds = differingRounds.remove(peer);
      if (rounds != null && rounds > 1) {
        log.info("in step with storage node {} again after {} rounds that fetched readings", peer, rounds);
      }
      return;
    }
    // Differences also last while the peer has yet to fetch what only this node holds: only many rounds tell.
    int rounds = differingRounds.merge(peer, 1, Integer::sum);
    if (rounds == 1) {
      log.info("fetched {} readings in {} differing hours from storage node {} in {} ms", round.rows, round.hours, peer, tookMs);
    } else if (rounds == CONFLICT_ROUNDS) {
      log.warn("hours still differ from storage node {} after {} rounds of fetching ({} hours now): readings of the same"
          + " sensor and time may hold different values on the two nodes (two nodes with one node.id?); they are fetched"
          + " again every round", peer, rounds, round.hours);
    }
  }

  private long windowStart(long now) {
    return Resolution.HOUR.bucketOf(now - config.windowMs()) + HOUR;
  }

  /** A scope of one sensor to compare, before its digests are read. */
  private record Span(SensorKey sensor, long from, long to) {
  }

  /** One comparison with one peer: sensors, then days, then hours, then the rows of the differing hours. */
  private final class Round {

    final String peer;
    final long since;
    final long until;
    long hours;
    long rows;

    Round(String peer, long now) {
      this.peer = peer;
      this.since = windowStart(now);
      this.until = now - config.settleMs();
    }

    Future<Void> run() {
      if (until <= since) {
        return Future.succeededFuture();
      }
      List<Span> sensors = registry.all().stream().map(s -> new Span(s.key(), since, until)).toList();
      return compare(until - since, true, sensors)
          .compose(diff -> compare(DAY, false, diff.sensors().stream().map(d -> new Span(d.sensor(), since, until)).toList()))
          .compose(diff -> compare(HOUR, false, diff.sensors().stream()
              .flatMap(d -> d.starts().stream().map(day -> new Span(d.sensor(), Math.max(day, since), Math.min(day + DAY, until))))
              .toList()))
          .compose(this::fetchAll);
    }

    /** Asks the peer which of these spans' buckets differ, in messages of at most {@link #MAX_BUCKETS}. */
    private Future<SyncDiff> compare(long width, boolean all, List<Span> spans) {
      if (spans.isEmpty() && !all) {
        return Future.succeededFuture(new SyncDiff(List.of()));
      }
      return Future.all(spans.stream().map(span -> scope(span, since, width)).toList()).compose(read -> {
        List<SyncDigest.Scope> scopes = read.list();
        List<List<SyncDigest.Scope>> messages = new ArrayList<>();
        List<SyncDigest.Scope> message = new ArrayList<>();
        int buckets = 0;
        for (SyncDigest.Scope scope : scopes) {
          // A message that asks for every sensor lists every sensor this node knows: it is never split.
          if (!all && !message.isEmpty() && buckets + scope.buckets().size() > MAX_BUCKETS) {
            messages.add(message);
            message = new ArrayList<>();
            buckets = 0;
          }
          message.add(scope);
          buckets += scope.buckets().size();
        }
        messages.add(message);
        Map<SensorKey, List<Long>> differing = new LinkedHashMap<>();
        Future<Void> chain = Future.succeededFuture();
        for (List<SyncDigest.Scope> part : messages) {
          chain = chain.compose(v -> ask(new SyncDigest(nodeId, since, until, width, all, part)))
              .map(diff -> {
                diff.sensors().forEach(d -> differing.computeIfAbsent(d.sensor(), k -> new ArrayList<>()).addAll(d.starts()));
                return null;
              });
        }
        return chain.map(v -> new SyncDiff(differing.entrySet().stream()
            .map(e -> new SyncDiff.Differing(e.getKey(), e.getValue())).toList()));
      });
    }

    private Future<SyncDiff> ask(SyncDigest digest) {
      if (stopped) {
        return Future.failedFuture("storage is stopping");
      }
      return vertx.eventBus().<JsonObject>request(Addresses.storageSyncDigest(peer), digest.toJson(), delivery)
          .map(reply -> SyncDiff.fromJson(reply.body()));
    }

    private Future<Void> fetchAll(SyncDiff diff) {
      Future<Void> chain = Future.succeededFuture();
      for (SyncDiff.Differing sensor : diff.sensors()) {
        for (long hour : sensor.starts()) {
          chain = chain.compose(v -> {
            hours++;
            return fetch(sensor.sensor(), hour, Math.min(hour + HOUR, until));
          });
        }
      }
      return chain;
    }

    private Future<Void> fetch(SensorKey sensor, long from, long to) {
      if (stopped) {
        return Future.failedFuture("storage is stopping");
      }
      if (writer.room() < PAGE) {
        return Future.failedFuture("the write backlog is full; fetching again next round");
      }
      return vertx.eventBus().<JsonObject>request(Addresses.storageSyncFetch(peer), new SyncFetch(sensor, from, to, PAGE).toJson(), delivery)
          .compose(reply -> {
            if (stopped) {
              return Future.failedFuture("storage is stopping");
            }
            SyncRows page = SyncRows.fromJson(reply.body());
            int sensorId = registry.obtain(sensor).id();
            for (SyncRows.Row row : page.rows()) {
              if (!writer.add(sensorId, row.ts(), row.temperatureCenti(), row.humidityCenti())) {
                return Future.failedFuture("the write backlog is full; fetching again next round");
              }
            }
            rows += page.rows().size();
            if (!page.more() || page.rows().isEmpty()) {
              return Future.succeededFuture();
            }
            return fetch(sensor, page.rows().get(page.rows().size() - 1).ts() + 1, to);
          });
    }
  }

  /** This node's digests of one span, in buckets {@code width} long aligned on {@code since}. */
  private Future<SyncDigest.Scope> scope(Span span, long since, long width) {
    Optional<SensorRegistry.Sensor> sensor = registry.find(span.sensor());
    Future<List<SyncDigest.Bucket>> hours = sensor.isEmpty()
        ? Future.succeededFuture(List.of())
        : digests.hours(sensor.get().id(), span.from(), span.to());
    return hours.map(found -> new SyncDigest.Scope(span.sensor(), span.from(), span.to(), DigestBuckets.regroup(found, since, width)));
  }

  // --- answering a peer ----------------------------------------------------------------------------

  private void onDigest(Message<Object> message) {
    SyncDigest digest;
    try {
      digest = SyncDigest.fromJson((JsonObject) message.body());
    } catch (RuntimeException e) {
      message.fail(Failures.BAD_REQUEST, "malformed digest request: " + e);
      return;
    }
    long now = clock.getAsLong();
    boolean fromPeer = peers.heard(digest.from(), now);
    List<Span> spans = new ArrayList<>();
    List<SyncDigest.Scope> theirs = new ArrayList<>();
    Set<SensorKey> listed = new HashSet<>();
    for (SyncDigest.Scope scope : digest.scopes()) {
      spans.add(new Span(scope.sensor(), scope.from(), scope.to()));
      theirs.add(scope);
      listed.add(scope.sensor());
    }
    if (digest.all()) {
      for (SensorRegistry.Sensor sensor : registry.all()) {
        if (listed.add(sensor.key())) {
          spans.add(new Span(sensor.key(), digest.since(), digest.until()));
          theirs.add(new SyncDigest.Scope(sensor.key(), digest.since(), digest.until(), List.of()));
        }
      }
    }
    // Hours before this node's own window may be pruned here already: never worth fetching.
    long comparableFrom = digest.width() == HOUR ? windowStart(now) : Long.MIN_VALUE;
    Future.all(spans.stream().map(span -> scope(span, digest.since(), digest.width())).toList()).onComplete(read -> {
      if (read.failed()) {
        log.error("reading digests for storage node {} failed", digest.from(), read.cause());
        message.fail(Failures.INTERNAL, "reading digests failed: " + read.cause().getMessage());
        return;
      }
      List<SyncDiff.Differing> differing = new ArrayList<>();
      boolean anyDifference = false;
      for (int i = 0; i < spans.size(); i++) {
        SyncDigest.Scope mine = read.result().resultAt(i);
        Set<Long> held = new HashSet<>();
        mine.buckets().forEach(b -> held.add(b.start()));
        List<Long> starts = DigestBuckets.differing(mine.buckets(), theirs.get(i).buckets());
        anyDifference |= !starts.isEmpty();
        // Where this node has nothing, the asker has nothing to fetch from it.
        List<Long> worthFetching = starts.stream().filter(held::contains).filter(start -> start >= comparableFrom).toList();
        if (!worthFetching.isEmpty()) {
          differing.add(new SyncDiff.Differing(mine.sensor(), worthFetching));
        }
      }
      message.reply(new SyncDiff(differing).toJson());
      // The asker has what this node lacks, or holds other values: this node asks in turn, once a period
      // at most, since differences that fetching cannot settle would otherwise bounce between the two.
      if (anyDifference && fromPeer
          && now - lastAskedBack.getOrDefault(digest.from(), Long.MIN_VALUE / 2) >= config.everyMs()) {
        lastAskedBack.put(digest.from(), now);
        askSoon(digest.from());
      }
    });
  }

  private void onFetch(Message<Object> message) {
    SyncFetch fetch;
    try {
      fetch = SyncFetch.fromJson((JsonObject) message.body());
    } catch (RuntimeException e) {
      message.fail(Failures.BAD_REQUEST, "malformed fetch request: " + e);
      return;
    }
    Optional<SensorRegistry.Sensor> sensor = registry.find(fetch.sensor());
    if (sensor.isEmpty()) {
      message.reply(new SyncRows(List.of(), false).toJson());
      return;
    }
    digests.rows(sensor.get().id(), fetch.from(), fetch.to(), Math.min(fetch.limit(), PAGE)).onComplete(read -> {
      if (read.failed()) {
        log.error("reading raw readings for a storage node failed", read.cause());
        message.fail(Failures.INTERNAL, "reading raw readings failed: " + read.cause().getMessage());
        return;
      }
      message.reply(read.result().toJson());
    });
  }
}
