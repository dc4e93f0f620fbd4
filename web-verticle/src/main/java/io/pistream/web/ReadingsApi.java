package io.pistream.web;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.HistoryQuery;
import io.pistream.contracts.HistoryResult;
import io.pistream.contracts.LatestQuery;
import io.pistream.contracts.SensorInfo;
import io.pistream.contracts.SensorKey;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sensor and readings endpoints under {@code /api}. Every answer comes from storage over the event
 * bus; this class only reads the query, resolves sensor names and shapes the response.
 */
final class ReadingsApi {

  private static final Logger log = LoggerFactory.getLogger(ReadingsApi.class);

  private final Vertx vertx;
  private final SensorDirectory directory;
  private final NodeDirectory nodes;
  private final StoredSensorList storedSensors;
  private final HistoryRequestParser parser;
  private final DeliveryOptions storageRequest;
  private final Clock clock;

  ReadingsApi(Vertx vertx, SensorDirectory directory, NodeDirectory nodes, WebSettings settings, Clock clock) {
    this.vertx = vertx;
    this.directory = directory;
    this.nodes = nodes;
    this.parser = new HistoryRequestParser(settings.timeZone());
    this.storageRequest = new DeliveryOptions().setSendTimeout(settings.requestTimeoutMs());
    this.clock = clock;
    this.storedSensors = new StoredSensorList(this::askStoredSensors, directory::labelChanges);
  }

  void mount(Router router) {
    router.get("/api/sensors").handler(this::sensors);
    router.get("/api/readings/latest").handler(this::latest);
    router.get("/api/readings").handler(this::historyJson);
    router.get("/api/readings.csv").handler(this::historyCsv);
  }

  private void sensors(RoutingContext ctx) {
    try {
      QueryParameters.of(ctx.queryParams(), Set.of());
    } catch (BadParameterException e) {
      HttpErrors.badRequest(ctx, e.parameter(), e.getMessage());
      return;
    }
    answer(ctx, knownSensors(storedSensors.refresh()), known -> JsonResponses.send(ctx, new JsonObject().put("sensors", new JsonArray(new ArrayList<>(known.values())))));
  }

  private void latest(RoutingContext ctx) {
    List<String> names;
    try {
      names = QueryParameters.of(ctx.queryParams(), Set.of(SensorSelector.PARAMETER)).all(SensorSelector.PARAMETER);
    } catch (BadParameterException e) {
      HttpErrors.badRequest(ctx, e.parameter(), e.getMessage());
      return;
    }
    Future<JsonObject> latest = select(names)
        .compose(keys -> requestStorage(Addresses.STORAGE_LATEST, new LatestQuery(keys).toJson()));
    Future<JsonArray> readings = latest.map(reply -> reply.getJsonArray("readings", new JsonArray()));
    answer(ctx, readings.compose(this::labels), known -> {
      for (Object reading : readings.result()) {
        label((JsonObject) reading, known);
      }
      JsonResponses.send(ctx, new JsonObject().put("readings", readings.result()));
    });
  }

  private void historyJson(RoutingContext ctx) {
    history(ctx, (request, result, known) -> {
      for (Object series : result.getJsonArray("series", new JsonArray())) {
        label((JsonObject) series, known);
      }
      JsonResponses.send(ctx, result);
    });
  }

  private void historyCsv(RoutingContext ctx) {
    history(ctx, (request, result, known) -> ctx.response()
        .putHeader("Content-Type", "text/csv; charset=utf-8")
        .putHeader("Content-Disposition", "attachment; filename=\"" + CsvWriter.fileName(request.from(), request.to()) + "\"")
        .putHeader("Cache-Control", "no-store")
        .end(CsvWriter.write(HistoryResult.fromJson(result))));
  }

  private interface HistoryAnswer {
    void send(HistoryRequest request, JsonObject result, Map<SensorKey, JsonObject> known);
  }

  private void history(RoutingContext ctx, HistoryAnswer answer) {
    HistoryRequest request;
    try {
      request = parser.parse(ctx.queryParams(), clock.instant());
    } catch (BadParameterException e) {
      HttpErrors.badRequest(ctx, e.parameter(), e.getMessage());
      return;
    }
    Future<JsonObject> result = select(request.sensors()).compose(keys -> requestStorage(
        Addresses.STORAGE_HISTORY,
        new HistoryQuery(keys, request.from(), request.to(), request.points(), request.raw()).toJson()));
    answer(ctx, result.compose(reply -> labels(reply.getJsonArray("series", new JsonArray()))),
        known -> answer.send(request, result.result(), known));
  }

  /** Storage's sensor list (as last held, see {@link StoredSensorList}) merged with the live statuses. */
  private Future<Map<SensorKey, JsonObject>> knownSensors(Future<List<SensorInfo>> stored) {
    return stored.map(list -> directory.merge(list, nodes, clock.millis()));
  }

  /** The known sensors, asked of storage again once when the held list does not cover {@code enough}. */
  private Future<Map<SensorKey, JsonObject>> knownCovering(Predicate<Map<SensorKey, JsonObject>> enough) {
    return knownSensors(storedSensors.current())
        .compose(known -> enough.test(known) ? Future.succeededFuture(known) : knownSensors(storedSensors.refresh()));
  }

  private Future<List<SensorInfo>> askStoredSensors() {
    return requestStorage(Addresses.STORAGE_SENSORS, new JsonObject()).map(reply ->
        reply.getJsonArray("sensors", new JsonArray()).stream()
            .map(sensor -> SensorInfo.fromJson((JsonObject) sensor))
            .toList());
  }

  /** No names: every sensor, which storage expands itself, so the query need not wait for the list. */
  private Future<List<SensorKey>> select(List<String> names) {
    if (names.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return knownCovering(known -> resolves(names, known)).compose(known -> {
      try {
        return Future.succeededFuture(SensorSelector.resolve(names, known.keySet()));
      } catch (BadParameterException e) {
        return Future.failedFuture(e);
      }
    });
  }

  private static boolean resolves(List<String> names, Map<SensorKey, JsonObject> known) {
    try {
      SensorSelector.resolve(names, known.keySet());
      return true;
    } catch (BadParameterException e) {
      return false;
    }
  }

  /** The known sensors for labelling {@code items}, which storage may name before this node held them. */
  private Future<Map<SensorKey, JsonObject>> labels(JsonArray items) {
    return knownCovering(known -> {
      for (Object item : items) {
        if (item instanceof JsonObject json && json.getString("node") != null && json.getString("sensor") != null
            && !known.containsKey(new SensorKey(json.getString("node"), json.getString("sensor")))) {
          return false;
        }
      }
      return true;
    });
  }

  private Future<JsonObject> requestStorage(String address, JsonObject body) {
    return vertx.eventBus().<JsonObject>request(address, body, storageRequest).map(Message::body);
  }

  private static void label(JsonObject item, Map<SensorKey, JsonObject> known) {
    String node = item.getString("node");
    String sensor = item.getString("sensor");
    JsonObject info = node == null || sensor == null ? null : known.get(new SensorKey(node, sensor));
    if (info != null) {
      item.put("name", info.getString("name")).put("location", info.getString("location"));
    }
  }

  /**
   * Sends what {@code respond} makes of a result. A refused query or an unreachable storage is answered
   * here; anything else unexpected goes to the router's failure handler, which logs it.
   */
  private static <T> void answer(RoutingContext ctx, Future<T> future, Consumer<T> respond) {
    future.onComplete(outcome -> {
      if (outcome.succeeded()) {
        try {
          respond.accept(outcome.result());
        } catch (RuntimeException e) {
          ctx.fail(e);
        }
        return;
      }
      Throwable failure = outcome.cause();
      if (failure instanceof BadParameterException bad) {
        HttpErrors.badRequest(ctx, bad.parameter(), bad.getMessage());
      } else if (failure instanceof ReplyException reply) {
        log.debug("{} {}: storage answered {} ({})", ctx.request().method(), ctx.request().path(), reply.failureType(), reply.getMessage());
        HttpErrors.fromBus(ctx, reply);
      } else {
        ctx.fail(failure);
      }
    });
  }
}
