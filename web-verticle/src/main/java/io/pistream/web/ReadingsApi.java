package io.pistream.web;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.HistoryQuery;
import io.pistream.contracts.HistoryResult;
import io.pistream.contracts.LatestQuery;
import io.pistream.contracts.Reading;
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
import java.util.function.Function;
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
    Future<Labelled> answered = ask(names, keys -> requestStorage(Addresses.STORAGE_LATEST, new LatestQuery(keys).toJson()),
        reply -> readings(reply).stream().map(Reading::key).toList());
    answer(ctx, answered, labelled -> {
      JsonArray readings = new JsonArray();
      for (Reading reading : readings(labelled.reply())) {
        readings.add(new LabelledReading(reading, labelled.labels().get(reading.key())).toJson());
      }
      JsonResponses.send(ctx, new JsonObject().put("readings", readings));
    });
  }

  private static List<Reading> readings(JsonObject reply) {
    return reply.getJsonArray("readings", new JsonArray()).stream().map(item -> Reading.fromJson((JsonObject) item)).toList();
  }

  private void historyJson(RoutingContext ctx) {
    history(ctx, (request, labelled) -> JsonResponses.send(ctx, HistoryAnswer.of(labelled.reply(), labelled.labels()).toJson()));
  }

  private void historyCsv(RoutingContext ctx) {
    history(ctx, (request, labelled) -> ctx.response()
        .putHeader("Content-Type", "text/csv; charset=utf-8")
        .putHeader("Content-Disposition", "attachment; filename=\"" + CsvWriter.fileName(request.from(), request.to()) + "\"")
        .putHeader("Cache-Control", "no-store")
        .end(CsvWriter.write(HistoryResult.fromJson(labelled.reply()))));
  }

  private interface HistoryResponder {
    void send(HistoryRequest request, Labelled labelled);
  }

  private void history(RoutingContext ctx, HistoryResponder responder) {
    HistoryRequest request;
    try {
      request = parser.parse(ctx.queryParams(), clock.instant());
    } catch (BadParameterException e) {
      HttpErrors.badRequest(ctx, e.parameter(), e.getMessage());
      return;
    }
    Future<Labelled> answered = ask(request.sensors(), keys -> requestStorage(Addresses.STORAGE_HISTORY,
            new HistoryQuery(keys, request.from(), request.to(), request.points(), request.raw()).toJson()),
        reply -> reply.getJsonArray("series", new JsonArray()).stream()
            .map(series -> new SensorKey(((JsonObject) series).getString("node"), ((JsonObject) series).getString("sensor")))
            .toList());
    answer(ctx, answered, labelled -> responder.send(request, labelled));
  }

  /** Storage's reply and the labels of the sensors known when it came. */
  private record Labelled(JsonObject reply, Map<SensorKey, SensorLabel> labels) {
  }

  /**
   * Resolves the named sensors, asks storage and labels its answer from one view of the known sensors.
   * Without names storage expands "every sensor" itself, so the query does not wait for the list. The
   * list is asked of storage again only when it does not cover what the request names, or what storage
   * answers about (a sensor it stored before this node heard of it).
   */
  private Future<Labelled> ask(List<String> names, Function<List<SensorKey>, Future<JsonObject>> query,
      Function<JsonObject, List<SensorKey>> answersAbout) {
    Future<Map<SensorKey, JsonObject>> known;
    Future<JsonObject> reply;
    if (names.isEmpty()) {
      known = knownSensors(storedSensors.current());
      reply = query.apply(List.of());
    } else {
      known = knownCovering(sensors -> resolves(names, sensors));
      reply = known.compose(sensors -> {
        try {
          return query.apply(SensorSelector.resolve(names, sensors.keySet()));
        } catch (BadParameterException e) {
          return Future.failedFuture(e);
        }
      });
    }
    return Future.all(known, reply).compose(both -> {
      boolean covered = known.result().keySet().containsAll(answersAbout.apply(reply.result()));
      Future<Map<SensorKey, JsonObject>> labelSource = covered ? known : knownSensors(storedSensors.refresh());
      return labelSource.map(sensors -> new Labelled(reply.result(), SensorLabel.of(sensors)));
    });
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

  private static boolean resolves(List<String> names, Map<SensorKey, JsonObject> known) {
    try {
      SensorSelector.resolve(names, known.keySet());
      return true;
    } catch (BadParameterException e) {
      return false;
    }
  }

  private Future<JsonObject> requestStorage(String address, JsonObject body) {
    return vertx.eventBus().<JsonObject>request(address, body, storageRequest).map(Message::body);
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
