package io.pistream.storage;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.NodeIdentity;
import io.pistream.contracts.Failures;
import io.pistream.contracts.HistoryQuery;
import io.pistream.contracts.HistoryResult;
import io.pistream.contracts.HistorySeries;
import io.pistream.contracts.LatestQuery;
import io.pistream.contracts.Reading;
import io.pistream.contracts.SensorInfo;
import io.pistream.contracts.SensorKey;
import io.pistream.contracts.SensorStatus;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores the readings handed to it on {@link Addresses#STORAGE_STORE} in SQLite (only there: the
 * {@link Addresses#SENSOR_READINGS} publish is for live views, so no reading arrives twice), keeps raw rows for the retention and minute,
 * hour and day rollups forever, and answers the latest, sensors and history requests.
 */
public class StorageVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(StorageVerticle.class);
  private static final long SUMMARY_PERIOD_SECONDS = 60;

  private static final int HISTORY_ATTEMPTS = 3;

  private final SensorRegistry registry = new SensorRegistry();
  private final WrittenThrough writtenThrough = new WrittenThrough();
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private final DropSummary malformed = new DropSummary("malformed readings");
  private final DropSummary overflow = new DropSummary("readings");
  private SqliteReadingStore store;
  private BatchWriter writer;
  private RetentionPruner pruner;
  private StorageHealth health;
  private StorageStatusPublisher status;
  private HistoryReader history;
  private AntiEntropy antiEntropy;
  private Backups backups;
  private long summaryTimer = -1;
  private String nodeId;
  private final boolean replicateUnclustered;

  public StorageVerticle() {
    this(false);
  }

  /** @param replicateUnclustered offer accepted batches to other storage nodes even when not clustered (tests) */
  StorageVerticle(boolean replicateUnclustered) {
    this.replicateUnclustered = replicateUnclustered;
  }

  @Override
  public Future<?> start() {
    StorageConfig settings;
    AntiEntropyConfig syncSettings;
    BackupConfig backupSettings;
    try {
      settings = StorageConfig.from(config());
      syncSettings = AntiEntropyConfig.from(config(), settings);
      backupSettings = BackupConfig.from(config(), settings);
      nodeId = NodeIdentity.of(config()).id();
      health = new StorageHealth(nodeId, System::currentTimeMillis);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return SqliteReadingStore.open(vertx, settings, registry, writtenThrough).compose(opened -> {
      store = opened;
      history = new HistoryReader(store::readers);
      writer = new BatchWriter(vertx, store, registry, settings, overflow, health, writtenThrough);
      writer.start();
      status = new StorageStatusPublisher(vertx, health, writer::pending, settings.databaseFile(),
          settings.statusEverySeconds() * 1000);
      pruner = new RetentionPruner(vertx, store, registry, settings, System::currentTimeMillis);
      summaryTimer = vertx.setPeriodic(SUMMARY_PERIOD_SECONDS * 1000, id -> {
        malformed.summarise(SUMMARY_PERIOD_SECONDS);
        overflow.summarise(SUMMARY_PERIOD_SECONDS);
        writer.summarise(SUMMARY_PERIOD_SECONDS);
      });
      var bus = vertx.eventBus();
      consumers.add(bus.<Object>consumer(Addresses.STORAGE_STORE, this::onStore));
      consumers.add(bus.<Object>consumer(Addresses.STORAGE_REPLICATE, this::onReplicate));
      consumers.add(bus.<Object>consumer(Addresses.SENSOR_STATUS, this::onStatus));
      consumers.add(bus.<Object>consumer(Addresses.STORAGE_LATEST, this::onLatest));
      consumers.add(bus.<Object>consumer(Addresses.STORAGE_SENSORS, this::onSensors));
      consumers.add(bus.<Object>consumer(Addresses.STORAGE_HISTORY, this::onHistory));
      if (vertx.isClustered() || replicateUnclustered) {
        antiEntropy = new AntiEntropy(vertx, nodeId, registry, writer, new DigestReader(store::readers), syncSettings, System::currentTimeMillis);
        consumers.addAll(antiEntropy.register(bus));
      }
      backups = new Backups(vertx, nodeId, settings.databaseFile(), backupSettings, System::currentTimeMillis);
      status.backups(backups);
      return Future.all(consumers.stream().map(MessageConsumer::completion).toList())
          .compose(all -> status.start())
          .compose(statusStarted -> backups.start());
    }).onSuccess(v -> {
      pruner.start();
      if (antiEntropy != null) {
        antiEntropy.start();
      }
      log.info("storage ready: {} ({} sensors known)", settings.databaseFile().toAbsolutePath(), registry.all().size());
    });
  }

  @Override
  public Future<?> stop() {
    if (store == null) {
      return Future.succeededFuture();
    }
    vertx.cancelTimer(summaryTimer);
    if (antiEntropy != null) {
      antiEntropy.stop();
    }
    return Future.join(consumers.stream().map(MessageConsumer::unregister).toList())
        .transform(v -> backups == null ? Future.succeededFuture() : backups.stop())
        .transform(v -> status.stop())
        .transform(v -> writer.drain())
        .onSuccess(v -> log.info("storage stopped after writing {} readings", writer.written()))
        .onFailure(e -> log.error("storage could not write its last readings", e))
        .transform(v -> pruner.stop())
        .transform(v -> store.close());
  }

  /**
   * Queues the batch and acknowledges it. Malformed readings are counted and skipped rather than
   * refused, so that one bad reading cannot make a sender resend its batch forever; a full write
   * backlog refuses the rest, which the sender keeps and resends.
   */
  private void onStore(Message<Object> message) {
    JsonArray readings;
    try {
      readings = body(message).getJsonArray("readings");
      if (readings == null) {
        throw new IllegalArgumentException("readings is missing");
      }
    } catch (RuntimeException e) {
      malformed(e.getMessage() + " in " + abbreviate(message.body()));
      message.fail(Failures.BAD_REQUEST, "malformed store batch: " + e.getMessage());
      return;
    }
    int rejected = 0;
    JsonArray accepted = new JsonArray();
    for (Object item : readings) {
      Reading reading = parse(item);
      if (reading == null) {
        rejected++;
        continue;
      }
      if (!queue(reading)) {
        health.refused(readings.size() - accepted.size() - rejected);
        replicate(accepted);
        message.fail(Failures.UNAVAILABLE, "storage write backlog is full after " + accepted.size() + " of "
            + readings.size() + " readings; resend the rest later");
        return;
      }
      accepted.add(item);
    }
    replicate(accepted);
    message.reply(new JsonObject().put("stored", accepted.size()).put("rejected", rejected));
  }

  /**
   * Other storage nodes of a cluster store what this one accepted, so that each holds every reading.
   * A node on its own has no one to tell, and skips the message.
   */
  private void replicate(JsonArray accepted) {
    if ((vertx.isClustered() || replicateUnclustered) && !accepted.isEmpty()) {
      vertx.eventBus().publish(Addresses.STORAGE_REPLICATE, new JsonObject().put("from", nodeId).put("readings", accepted));
    }
  }

  private void onReplicate(Message<Object> message) {
    JsonObject body;
    try {
      body = body(message);
    } catch (RuntimeException e) {
      malformed(e.getMessage() + " in " + abbreviate(message.body()));
      return;
    }
    if (nodeId.equals(body.getString("from"))) {
      return;
    }
    JsonArray readings = body.getJsonArray("readings", new JsonArray());
    for (int i = 0; i < readings.size(); i++) {
      Reading reading = parse(readings.getValue(i));
      if (reading != null && !queue(reading)) {
        // Replication is best effort: no one resends these.
        health.dropped(readings.size() - i);
        return;
      }
    }
  }

  private boolean queue(Reading reading) {
    SensorRegistry.Sensor sensor = registry.obtain(reading.key());
    return writer.add(sensor.id(), reading.ts(), CentiUnits.of(reading.temperatureC()), CentiUnits.of(reading.humidityPct()));
  }

  private Reading parse(Object item) {
    Reading reading;
    try {
      if (!(item instanceof JsonObject json)) {
        throw new IllegalArgumentException("a reading must be a JSON object");
      }
      reading = Reading.fromJson(json);
    } catch (RuntimeException e) {
      malformed(e.getMessage() + " in " + abbreviate(item));
      return null;
    }
    if (!CentiUnits.storable(reading.temperatureC()) || !CentiUnits.storable(reading.humidityPct())) {
      malformed("values out of any possible range in " + abbreviate(item));
      return null;
    }
    return reading;
  }

  private void malformed(String reason) {
    malformed.record(reason);
    health.dropped(1);
  }

  /** For tests of the scheduled backups. */
  Backups backups() {
    return backups;
  }

  /** For tests that bring about faults on the writer connection. */
  SqliteReadingStore store() {
    return store;
  }

  private void onStatus(Message<Object> message) {
    SensorStatus status;
    try {
      status = SensorStatus.fromJson((JsonObject) message.body());
    } catch (RuntimeException e) {
      log.warn("ignored a malformed sensor status: {}: {}", e.toString(), abbreviate(message.body()));
      return;
    }
    SensorRegistry.Sensor sensor = registry.obtain(status.key());
    if (sensor.persisted() && sensor.name().equals(status.name()) && sensor.location().equals(status.location())) {
      return;
    }
    SensorRegistry.Sensor described = registry.describe(status.key(), status.name(), status.location());
    store.saveSensorMeta(described)
        .onSuccess(v -> registry.markPersisted(List.of(described)))
        .onFailure(e -> log.error("saving name and location of sensor {} failed", status.key(), e));
  }

  private void onLatest(Message<Object> message) {
    LatestQuery query;
    try {
      query = LatestQuery.fromJson(body(message));
      requireKnown(query.sensors());
    } catch (QueryException e) {
      message.fail(e.code, e.getMessage());
      return;
    } catch (RuntimeException e) {
      message.fail(Failures.BAD_REQUEST, "malformed latest query: " + e.getMessage());
      return;
    }
    store.latest().onComplete(result -> {
      if (result.failed()) {
        internal(message, "latest readings", result.cause());
        return;
      }
      List<Reading> readings = withUnwritten(result.result());
      if (!query.sensors().isEmpty()) {
        Map<SensorKey, Reading> byKey = readings.stream().collect(Collectors.toMap(Reading::key, Function.identity()));
        readings = query.sensors().stream().filter(byKey::containsKey).map(byKey::get).toList();
      }
      message.reply(new JsonObject().put("readings", new JsonArray(readings.stream().map(Reading::toJson).toList())));
    });
  }

  private void onSensors(Message<Object> message) {
    store.sensors().onComplete(result -> {
      if (result.failed()) {
        internal(message, "sensor list", result.cause());
        return;
      }
      message.reply(new JsonObject().put("sensors",
          new JsonArray(result.result().stream().map(SensorInfo::toJson).toList())));
    });
  }

  private void onHistory(Message<Object> message) {
    HistoryQuery query;
    HistoryPlan plan;
    List<SensorRegistry.Sensor> sensors;
    try {
      query = HistoryQuery.fromJson(body(message));
      plan = HistoryPlanner.plan(query.from(), query.to(), query.maxPoints(), query.raw());
      sensors = query.sensors().isEmpty() ? registry.all() : requireKnown(query.sensors());
    } catch (QueryException e) {
      message.fail(e.code, e.getMessage());
      return;
    } catch (RuntimeException e) {
      message.fail(Failures.BAD_REQUEST, "malformed history query: " + e.getMessage());
      return;
    }
    readHistory(sensors, plan, query.maxPoints(), HISTORY_ATTEMPTS).onComplete(result -> {
      if (result.failed()) {
        internal(message, "history", result.cause());
        return;
      }
      message.reply(new HistoryResult(query.from(), query.to(), plan.bucketMs(), plan.source().wire(), result.result()).toJson());
    });
  }

  /**
   * The stored history plus what is still waiting to be written. A write that commits while the
   * database is read would make its readings count twice (or not at all), so such a read is done again
   * once the write is over; writes come once per flush window, so this is rare.
   */
  private Future<List<HistorySeries>> readHistory(List<SensorRegistry.Sensor> sensors, HistoryPlan plan, int maxPoints, int attempts) {
    long generation = writer.generation();
    List<Future<HistorySeries>> series = sensors.stream()
        .map(s -> history.read(s, plan, maxPoints, () -> writer.unwritten(s.id(), plan.start(), plan.end())))
        .toList();
    return Future.all(series).compose(all -> {
      boolean consistent = generation >= 0 && writer.generation() == generation;
      if (consistent || attempts <= 1) {
        return Future.succeededFuture(series.stream().map(Future::result).toList());
      }
      return writer.idle().compose(idle -> readHistory(sensors, plan, maxPoints, attempts - 1));
    });
  }

  /** The latest stored readings, each replaced by a newer one still waiting to be written. */
  private List<Reading> withUnwritten(List<Reading> stored) {
    Map<SensorKey, Reading> byKey = new java.util.LinkedHashMap<>();
    stored.forEach(reading -> byKey.put(reading.key(), reading));
    ReadingBatch newest = writer.newestUnwritten();
    Map<Integer, SensorRegistry.Sensor> byId = registry.all().stream().collect(Collectors.toMap(SensorRegistry.Sensor::id, Function.identity()));
    for (int i = 0; i < newest.size(); i++) {
      SensorRegistry.Sensor sensor = byId.get(newest.sensorId(i));
      Reading current = sensor == null ? null : byKey.get(sensor.key());
      if (sensor != null && (current == null || newest.ts(i) > current.ts())) {
        byKey.put(sensor.key(), new Reading(sensor.key().node(), sensor.key().sensor(), newest.ts(i),
            CentiUnits.value(newest.temperatureCenti(i)), CentiUnits.value(newest.humidityCenti(i))));
      }
    }
    return byKey.values().stream().sorted(java.util.Comparator.comparing(Reading::node).thenComparing(Reading::sensor)).toList();
  }

  private List<SensorRegistry.Sensor> requireKnown(List<SensorKey> keys) {
    List<SensorRegistry.Sensor> sensors = new ArrayList<>(keys.size());
    for (SensorKey key : keys) {
      sensors.add(registry.find(key).orElseThrow(() -> new QueryException(Failures.NOT_FOUND, "unknown sensor " + key)));
    }
    return sensors;
  }

  private static JsonObject body(Message<Object> message) {
    Object body = message.body();
    if (body == null) {
      return new JsonObject();
    }
    if (body instanceof JsonObject json) {
      return json;
    }
    throw new IllegalArgumentException("the body must be a JSON object");
  }

  private static void internal(Message<Object> message, String what, Throwable cause) {
    log.error("answering a {} query failed", what, cause);
    message.fail(Failures.INTERNAL, "storage failed to read the " + what + ": " + cause.getMessage());
  }

  private static String abbreviate(Object body) {
    String text = String.valueOf(body);
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }
}
