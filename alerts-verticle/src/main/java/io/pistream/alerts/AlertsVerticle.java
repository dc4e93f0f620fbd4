package io.pistream.alerts;

import io.pistream.alerts.channels.Channels;
import io.pistream.alerts.channels.NotificationChannel;
import io.pistream.contracts.Addresses;
import io.pistream.contracts.AlertEvent;
import io.pistream.contracts.CameraStatus;
import io.pistream.contracts.Failures;
import io.pistream.contracts.NodeIdentity;
import io.pistream.contracts.NodeHealth;
import io.pistream.contracts.NodePresence;
import io.pistream.contracts.Reading;
import io.pistream.contracts.SensorStatus;
import io.pistream.contracts.StorageStatus;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerts engine of the {@code alerts} role: watches readings, sensor, camera and storage states and
 * node presence across the cluster, fires, repeats and resolves the configured rules' alerts, keeps
 * their state and the notifications still to send in its own SQLite file, publishes each change on
 * {@link Addresses#ALERTS} and answers {@link Addresses#ALERTS_LIST}. Of several alerts nodes in a
 * cluster, only the elected one sends and answers; the others evaluate alike, ready to take over.
 */
public class AlertsVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(AlertsVerticle.class);

  static final long TICK_MS = 1000;
  static final int RECENT_LIMIT = 50;
  private static final long SUMMARY_SECONDS = 60;
  private static final long PRUNE_EVERY_MS = 3_600_000;

  /**
   * A clustered node waits this long (three default heartbeat periods) before it decides whether it is
   * the one that sends, so that it hears the other alerts nodes first instead of sending alongside them.
   */
  static final long ELECTION_WAIT_MS = 6000;

  private final Clock clock;
  private final boolean periodicTick;
  private final BiFunction<Vertx, JsonObject, List<NotificationChannel>> channelFactory;
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private final Set<String> malformedWarned = new HashSet<>();
  private AlertsConfig settings;
  private NodeIdentity node;
  private AlertStore store;
  private List<NotificationChannel> channels = List.of();
  private AlertEngine engine;
  private AlertTexts texts;
  private Observations seen;
  private Election election;
  private Outbox outbox;
  private MessageConsumer<Object> listConsumer;
  private final SerialWrites writes = new SerialWrites();
  private long startedAt;
  private boolean decided;
  private boolean leading;
  private long tickTimer = -1;
  private long summaryTimer = -1;
  private long pruneTimer = -1;

  public AlertsVerticle() {
    this(Clock.systemDefaultZone(), true, Channels::fromConfig);
  }

  /**
   * @param clock the time rules are judged by, and the zone messages speak in
   * @param periodicTick false: nothing is judged on a timer, only on messages and {@link #tickNow} (tests)
   * @param channelFactory the channels for the {@code alerts} section
   */
  AlertsVerticle(Clock clock, boolean periodicTick, BiFunction<Vertx, JsonObject, List<NotificationChannel>> channelFactory) {
    this.clock = clock;
    this.periodicTick = periodicTick;
    this.channelFactory = channelFactory;
  }

  @Override
  public Future<?> start() {
    try {
      settings = AlertsConfig.from(config());
      node = NodeIdentity.of(config());
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    startedAt = clock.millis();
    Map<String, AlertRule> rules = new LinkedHashMap<>();
    settings.rules().forEach(rule -> rules.put(rule.name(), rule));
    texts = new AlertTexts(rules, settings.dashboardUrl(), clock.getZone());
    seen = new Observations(node.id());
    election = new Election(node.id());
    engine = new AlertEngine(settings.rules(), () -> UUID.randomUUID().toString());
    // On a worker: the channels read their password and certificate files.
    return vertx.executeBlocking(() -> channelFactory.apply(vertx, config())).compose(made -> {
      channels = made;
      return AlertStore.open(vertx, settings.databaseFile(node), settings.dataDirPath(), startedAt);
    }).compose(opened -> {
      store = opened;
      AlertStore.Loaded loaded = store.loaded();
      loaded.nodes().forEach(seen::remember);
      for (Alert orphan : engine.restore(loaded.active())) {
        log.info("alert {} on {} is retired: its rule is no longer configured", orphan.rule(), orphan.subject());
        AlertChange retired = new AlertChange(AlertChange.Type.RESOLVED, orphan.resolvedAt(startedAt, null), startedAt);
        writes.then("retire an alert", () -> store.retire(texts.event(retired, seen)));
      }
      outbox = new Outbox(store, writes, channels, settings.queueMax(), settings.retry(), clock::millis, texts::time);
      outbox.restore(loaded.outbox());
      var bus = vertx.eventBus();
      consumers.add(bus.<Object>consumer(Addresses.SENSOR_READINGS, on(Reading::fromJson, seen::reading)));
      consumers.add(bus.<Object>consumer(Addresses.SENSOR_STATUS, on(SensorStatus::fromJson, seen::sensorStatus)));
      consumers.add(bus.<Object>consumer(Addresses.CAMERA_STATUS, on(CameraStatus::fromJson, seen::cameraStatus)));
      consumers.add(bus.<Object>consumer(Addresses.STORAGE_STATUS, on(StorageStatus::fromJson, seen::storageStatus)));
      consumers.add(bus.<Object>consumer(Addresses.NODE_PRESENCE, on(NodePresence::fromJson, this::presence)));
      consumers.add(bus.<Object>consumer(Addresses.NODE_HEALTH, on(NodeHealth::fromJson, seen::nodeHealth)));
      return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
    }).compose(registered -> {
      if (!vertx.isClustered()) {
        // On its own there is nobody to defer to.
        decided = true;
        return lead(election.selfLeads(clock.millis()));
      }
      return Future.succeededFuture();
    }).onSuccess(ready -> {
      if (periodicTick) {
        tickTimer = vertx.setPeriodic(TICK_MS, id -> tick());
      }
      summaryTimer = vertx.setPeriodic(SUMMARY_SECONDS * 1000, id -> outbox.summarise(SUMMARY_SECONDS));
      pruneHistory();
      pruneTimer = vertx.setPeriodic(PRUNE_EVERY_MS, id -> pruneHistory());
      // Ask for every current state, so that alerts still firing from before a restart can resolve.
      vertx.eventBus().publish(Addresses.SENSOR_STATUS_REFRESH, new JsonObject());
      vertx.eventBus().publish(Addresses.CAMERA_STATUS_REFRESH, new JsonObject());
      vertx.eventBus().publish(Addresses.STORAGE_STATUS_REFRESH, new JsonObject());
      log.info("alerts ready: {} rules, {} alerts firing, {} channels, state in {}", settings.rules().size(), engine.active().size(),
          channels.size(), settings.databaseFile(node).toAbsolutePath());
    });
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(tickTimer);
    vertx.cancelTimer(summaryTimer);
    vertx.cancelTimer(pruneTimer);
    if (store == null) {
      return Future.succeededFuture();
    }
    List<Future<Void>> unregistered = new ArrayList<>(consumers.stream().map(MessageConsumer::unregister).toList());
    if (listConsumer != null) {
      unregistered.add(listConsumer.unregister());
    }
    return Future.join(unregistered)
        .transform(v -> outbox.quiesce())
        .transform(v -> writes.idle())
        .transform(v -> Future.join(outbox.channels().stream().map(NotificationChannel::close).toList()))
        .transform(v -> store.close());
  }

  /**
   * Runs one periodic evaluation now, on the verticle's context; completes once its state is stored.
   * Tests advance their clock and call this instead of waiting for the timer.
   */
  Future<Void> tickNow() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      tick();
      writes.idle().onComplete(written -> done.complete());
    });
    return done.future();
  }

  /** The outbox's counters as {@link Addresses#ALERTS_LIST} reports them, read on the verticle's context. */
  Future<JsonObject> deliveries() {
    Promise<JsonObject> done = Promise.promise();
    context.runOnContext(v -> done.complete(outbox.counters()));
    return done.future();
  }

  private void tick() {
    long now = clock.millis();
    updateRole(now);
    evaluate();
    outbox.deliverDue();
  }

  private <T> Handler<Message<Object>> on(Function<JsonObject, T> decode, Consumer<T> observe) {
    return message -> {
      T decoded;
      try {
        decoded = decode.apply((JsonObject) message.body());
      } catch (RuntimeException e) {
        if (malformedWarned.add(message.address())) {
          log.warn("ignoring a malformed message on {} (further ones are not logged): {}", message.address(), e.toString());
        }
        return;
      }
      observe.accept(decoded);
      evaluate();
    };
  }

  private void presence(NodePresence presence) {
    long now = clock.millis();
    election.heard(presence, now);
    if (seen.presence(presence, now)) {
      KnownNode known = new KnownNode(presence.node(), presence.name(), presence.roles(), presence.everyMs(), now, presence.leaving());
      writes.then("remember a node", () -> store.rememberNode(known));
    }
    updateRole(now);
  }

  private void updateRole(long now) {
    if (!decided) {
      if (now - startedAt < ELECTION_WAIT_MS) {
        return;
      }
      decided = true;
      lead(election.selfLeads(now));
      return;
    }
    boolean shouldLead = election.selfLeads(now);
    if (shouldLead != leading) {
      lead(shouldLead);
    }
  }

  /** Takes the sending role or hands it over: only the leader sends, publishes alerts and answers the list. */
  private Future<Void> lead(boolean lead) {
    leading = lead;
    outbox.enable(lead);
    if (lead) {
      log.info("this node ({}) is the active alerts node: it sends notifications and answers {}", node.id(), Addresses.ALERTS_LIST);
      listConsumer = vertx.eventBus().consumer(Addresses.ALERTS_LIST, this::onList);
      return listConsumer.completion();
    }
    log.info("this node ({}) is a standby alerts node: {} sends notifications; this one keeps evaluating to take over",
        node.id(), election.leader(clock.millis()));
    if (listConsumer == null) {
      return Future.succeededFuture();
    }
    MessageConsumer<Object> old = listConsumer;
    listConsumer = null;
    return old.unregister();
  }

  private void evaluate() {
    if (!decided) {
      // Clustered, still listening for the other alerts nodes: nothing fires yet, so nothing fires twice.
      return;
    }
    for (AlertChange change : engine.evaluate(seen, clock.millis())) {
      handle(change);
    }
  }

  private void handle(AlertChange change) {
    AlertEvent event;
    List<OutboxEntry> entries;
    if (leading) {
      Notification notification = texts.notification(change, seen, notificationId(change));
      event = notification.event();
      entries = outbox.entriesFor(notification);
    } else {
      event = texts.event(change, seen);
      entries = List.of();
    }
    switch (change.type()) {
      case FIRED -> log.info("alert fired: {}", event.message());
      case REPEATED -> log.debug("alert still firing: {}", event.message());
      case RESOLVED -> log.info("alert resolved: {}", event.message());
    }
    writes.then("store an alert change", () -> store.record(change, event, entries)).onSuccess(v -> outbox.stored(entries));
    if (leading) {
      vertx.eventBus().publish(Addresses.ALERTS, event.toJson());
    }
  }

  private static String notificationId(AlertChange change) {
    return change.alert().id() + "-" + change.type().name().toLowerCase(Locale.ROOT) + "-" + change.at();
  }

  private void onList(Message<Object> message) {
    long now = clock.millis();
    JsonArray active = new JsonArray();
    for (Alert alert : engine.active()) {
      active.add(texts.event(new AlertChange(AlertChange.Type.REPEATED, alert, now), seen).toJson());
    }
    store.recent(RECENT_LIMIT).onSuccess(recent -> message.reply(new JsonObject()
            .put("active", active)
            .put("recent", new JsonArray(recent.stream().map(AlertEvent::toJson).toList()))
            .put("deliveries", outbox.counters())))
        .onFailure(e -> {
          log.error("could not read the alert history", e);
          message.fail(Failures.INTERNAL, "could not read the alert history: " + e.getMessage());
        });
  }

  private void pruneHistory() {
    long before = clock.millis() - settings.historyDays() * 86_400_000L;
    writes.then("delete old history", () -> store.pruneHistory(before).map(deleted -> {
      if (deleted > 0) {
        log.info("deleted {} resolved alerts older than {} days", deleted, settings.historyDays());
      }
      return null;
    }));
  }
}
