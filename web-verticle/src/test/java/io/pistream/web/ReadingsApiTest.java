package io.pistream.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.Failures;
import io.pistream.contracts.HistoryPoint;
import io.pistream.contracts.HistoryQuery;
import io.pistream.contracts.HistoryResult;
import io.pistream.contracts.HistorySeries;
import io.pistream.contracts.LatestQuery;
import io.pistream.contracts.Reading;
import io.pistream.contracts.SensorInfo;
import io.pistream.contracts.SensorKey;
import io.pistream.contracts.SensorState;
import io.pistream.contracts.SensorStatus;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Deploys the web verticle and plays storage and the sensors on the bus. */
@ExtendWith(VertxExtension.class)
class ReadingsApiTest {

  private static final long REQUEST_TIMEOUT_MS = 300;
  private static final SensorInfo HUB_CEILING = new SensorInfo("hub", "ceiling", "Ceiling", "Living room", 1_000, 9_000);
  private static final SensorInfo SHED_ATTIC = new SensorInfo("shed", "attic", "Attic", "Shed", 2_000, 8_000);

  private WebClient client;
  private int port;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    JsonObject config = new JsonObject()
        .put("host", "127.0.0.1")
        .put("port", 0)
        .put("timeZone", "Asia/Tokyo")
        .put("requestTimeoutMs", REQUEST_TIMEOUT_MS)
        .put("node", new JsonObject().put("id", "hub").put("name", "hub"));
    WebVerticle verticle = new WebVerticle();
    client = WebClient.create(vertx);
    vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config)).onComplete(ctx.succeeding(id -> {
      port = verticle.actualPort();
      ctx.completeNow();
    }));
  }

  private Future<HttpResponse<Buffer>> get(String pathAndQuery) {
    return client.get(port, "127.0.0.1", pathAndQuery).send();
  }

  private static Future<Void> storage(Vertx vertx, String address, Handler<Message<JsonObject>> handler) {
    return vertx.eventBus().<JsonObject>consumer(address, handler).completion();
  }

  private static Future<Void> storageKnows(Vertx vertx, SensorInfo... sensors) {
    JsonObject reply = new JsonObject().put("sensors", new JsonArray(Arrays.stream(sensors).map(SensorInfo::toJson).toList()));
    return storage(vertx, Addresses.STORAGE_SENSORS, message -> message.reply(reply));
  }

  private static long ms(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  private static void assertJsonHeaders(HttpResponse<Buffer> response) {
    assertThat(response.getHeader("Content-Type")).startsWith("application/json");
    assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
  }

  private static void assertError(HttpResponse<Buffer> response, int status, String error, String detailStart) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertJsonHeaders(response);
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getString("error")).isEqualTo(error);
    assertThat(body.getString("detail")).startsWith(detailStart);
  }

  private static HistoryResult atticDay() {
    return new HistoryResult(ms("2024-05-01T00:00:00Z"), ms("2024-05-02T00:00:00Z"), 3_600_000, "hour", List.of(
        new HistorySeries("shed", "attic", List.of(
            new HistoryPoint(ms("2024-05-01T00:00:00Z"), 1800, -2.5, -1.25, 0.5, 60, 65.5, 70),
            new HistoryPoint(ms("2024-05-01T01:00:00Z"), 1790, 1, 2, 3, 55, 56, 57)))));
  }

  @Test
  void sensorsMergesStorageListWithLiveStatuses(Vertx vertx, VertxTestContext ctx) {
    SensorStatus failing = new SensorStatus("hub", "ceiling", "Ceiling", "Living room", SensorState.FAILING, 5_000, 4_000, "EIO", 10, 4, 1);
    SensorStatus notYetStored = new SensorStatus("pi-3", "porch", "Porch", "Outside", SensorState.STARTING, 6_000, 0, "", 0, 0, 0);
    storageKnows(vertx, HUB_CEILING, SHED_ATTIC)
        .onSuccess(ready -> {
          vertx.eventBus().publish(Addresses.SENSOR_STATUS, failing.toJson());
          vertx.eventBus().publish(Addresses.SENSOR_STATUS, notYetStored.toJson());
        })
        .compose(ready -> get("/api/sensors"))
        .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
          assertThat(response.statusCode()).isEqualTo(200);
          assertJsonHeaders(response);
          JsonArray sensors = response.bodyAsJsonObject().getJsonArray("sensors");
          assertThat(sensors.stream().map(s -> ((JsonObject) s).getString("node") + "/" + ((JsonObject) s).getString("sensor")))
              .containsExactly("hub/ceiling", "pi-3/porch", "shed/attic");
          JsonObject ceiling = sensors.getJsonObject(0);
          assertThat(ceiling.getLong("firstSeen")).isEqualTo(1_000L);
          assertThat(ceiling.getJsonObject("status").getString("state")).isEqualTo("failing");
          assertThat(ceiling.getJsonObject("status").getString("detail")).isEqualTo("EIO");
          assertThat(ceiling.getJsonObject("status").getLong("readsFailed")).isEqualTo(4L);
          JsonObject porch = sensors.getJsonObject(1);
          assertThat(porch.getString("name")).isEqualTo("Porch");
          assertThat(porch.getLong("lastSeen")).isZero();
          assertThat(porch.getJsonObject("status").getString("state")).isEqualTo("starting");
          assertThat(sensors.getJsonObject(2).getValue("status")).isNull();
          ctx.completeNow();
        })));
  }

  @Test
  void latestOfOneSensorNamedByItsBareId(Vertx vertx, VertxTestContext ctx) {
    Reading reading = new Reading("shed", "attic", 8_000, -3.5, 71.2);
    Checkpoint queried = ctx.checkpoint();
    storageKnows(vertx, HUB_CEILING, SHED_ATTIC)
        .compose(ready -> storage(vertx, Addresses.STORAGE_LATEST, message -> {
          ctx.verify(() -> assertThat(LatestQuery.fromJson(message.body()).sensors()).containsExactly(new SensorKey("shed", "attic")));
          queried.flag();
          message.reply(new JsonObject().put("readings", new JsonArray().add(reading.toJson())));
        }))
        .compose(ready -> get("/api/readings/latest?sensor=attic"))
        .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
          assertThat(response.statusCode()).isEqualTo(200);
          assertJsonHeaders(response);
          assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("readings", new JsonArray().add(
              reading.toJson().put("dewPointC", -7.97).put("absoluteHumidityGm3", 2.7).put("name", "Attic").put("location", "Shed"))));
          ctx.completeNow();
        })));
  }

  @Test
  void aReadingWithoutHumidityHasANullDewPointAndRawRowsTheirOwnValues(Vertx vertx, VertxTestContext ctx) {
    HistoryResult raw = new HistoryResult(0, 10_000, 0, "raw", List.of(new HistorySeries("shed", "attic", List.of(
        new HistoryPoint(1_000, 1, 20, 20, 20, 50, 50, 50),
        new HistoryPoint(2_000, 1, -10, -10, -10, 0, 0, 0)))));
    storageKnows(vertx, SHED_ATTIC)
        .compose(ready -> storage(vertx, Addresses.STORAGE_LATEST, message ->
            message.reply(new JsonObject().put("readings", new JsonArray().add(new Reading("shed", "attic", 8_000, 21.5, 0).toJson())))))
        .compose(ready -> storage(vertx, Addresses.STORAGE_HISTORY, message -> message.reply(raw.toJson())))
        .compose(ready -> Future.all(get("/api/readings/latest"), get("/api/readings?from=1970-01-01T00:00:00Z&to=1970-01-01T00:00:10Z&raw=true")))
        .onComplete(ctx.succeeding(both -> ctx.verify(() -> {
          JsonObject latest = both.<HttpResponse<Buffer>>resultAt(0).bodyAsJsonObject().getJsonArray("readings").getJsonObject(0);
          assertThat(latest.containsKey("dewPointC")).isTrue();
          assertThat(latest.getValue("dewPointC")).isNull();
          assertThat(latest.getDouble("absoluteHumidityGm3")).isZero();
          JsonArray points = both.<HttpResponse<Buffer>>resultAt(1).bodyAsJsonObject().getJsonArray("series").getJsonObject(0).getJsonArray("points");
          assertThat(points.getJsonObject(0).getDouble("dewPointC")).isEqualTo(9.26);
          assertThat(points.getJsonObject(0).getDouble("absoluteHumidityGm3")).isEqualTo(8.62);
          assertThat(points.getJsonObject(1).containsKey("dewPointC")).isTrue();
          assertThat(points.getJsonObject(1).getValue("dewPointC")).isNull();
          assertThat(points.getJsonObject(1).getDouble("absoluteHumidityGm3")).isZero();
          ctx.completeNow();
        })));
  }

  @Test
  void latestOfEverySensorAsksStorageForAll(Vertx vertx, VertxTestContext ctx) {
    Checkpoint queried = ctx.checkpoint();
    storageKnows(vertx, HUB_CEILING)
        .compose(ready -> storage(vertx, Addresses.STORAGE_LATEST, message -> {
          ctx.verify(() -> assertThat(LatestQuery.fromJson(message.body()).sensors()).isEmpty());
          queried.flag();
          message.reply(new JsonObject().put("readings", new JsonArray()));
        }))
        .compose(ready -> get("/api/readings/latest"))
        .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
          assertThat(response.statusCode()).isEqualTo(200);
          assertThat(response.bodyAsJsonObject().getJsonArray("readings")).isEmpty();
          ctx.completeNow();
        })));
  }

  @Test
  void historyForwardsTheParsedQueryAndLabelsTheSeries(Vertx vertx, VertxTestContext ctx) {
    Checkpoint queried = ctx.checkpoint();
    storageKnows(vertx, HUB_CEILING, SHED_ATTIC)
        .compose(ready -> storage(vertx, Addresses.STORAGE_HISTORY, message -> {
          ctx.verify(() -> assertThat(HistoryQuery.fromJson(message.body())).isEqualTo(new HistoryQuery(
              List.of(new SensorKey("shed", "attic")), ms("2024-05-01T00:00:00Z"), ms("2024-05-02T00:00:00Z"), 500, false)));
          queried.flag();
          message.reply(atticDay().toJson());
        }))
        .compose(ready -> get("/api/readings?from=2024-05-01T09:00&to=2024-05-02%2009:00&sensor=shed/attic&points=500"))
        .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
          assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
          assertJsonHeaders(response);
          JsonObject expected = atticDay().toJson();
          JsonObject attic = expected.getJsonArray("series").getJsonObject(0).put("name", "Attic").put("location", "Shed");
          attic.getJsonArray("points").getJsonObject(0).put("dewPointC", -6.89).put("absoluteHumidityGm3", 2.91);
          attic.getJsonArray("points").getJsonObject(1).put("dewPointC", -5.87).put("absoluteHumidityGm3", 3.11);
          assertThat(response.bodyAsJsonObject()).isEqualTo(expected);
          ctx.completeNow();
        })));
  }

  @Test
  void historyWithARangeEndsNowAndAsksForRawRows(Vertx vertx, VertxTestContext ctx) {
    Checkpoint queried = ctx.checkpoint();
    long before = System.currentTimeMillis();
    storageKnows(vertx, HUB_CEILING)
        .compose(ready -> storage(vertx, Addresses.STORAGE_HISTORY, message -> {
          HistoryQuery query = HistoryQuery.fromJson(message.body());
          ctx.verify(() -> {
            assertThat(query.to()).isBetween(before, System.currentTimeMillis());
            assertThat(query.to() - query.from()).isEqualTo(12 * 3_600_000L);
            assertThat(query.raw()).isTrue();
            assertThat(query.maxPoints()).isEqualTo(1000);
            assertThat(query.sensors()).isEmpty();
          });
          queried.flag();
          message.reply(new HistoryResult(query.from(), query.to(), 0, "raw", List.of()).toJson());
        }))
        .compose(ready -> get("/api/readings?range=12h&raw=true"))
        .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
          assertThat(response.statusCode()).isEqualTo(200);
          assertThat(response.bodyAsJsonObject().getString("resolution")).isEqualTo("raw");
          ctx.completeNow();
        })));
  }

  @Test
  void csvHasTheSameBucketsAsAnAttachment(Vertx vertx, VertxTestContext ctx) {
    storageKnows(vertx, SHED_ATTIC)
        .compose(ready -> storage(vertx, Addresses.STORAGE_HISTORY, message -> message.reply(atticDay().toJson())))
        .compose(ready -> get("/api/readings.csv?from=2024-05-01T00:00:00Z&to=2024-05-02T00:00:00Z"))
        .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
          assertThat(response.statusCode()).isEqualTo(200);
          assertThat(response.getHeader("Content-Type")).startsWith("text/csv");
          assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
          assertThat(response.getHeader("Content-Disposition"))
              .isEqualTo("attachment; filename=\"pistream-20240501T000000Z-20240502T000000Z.csv\"");
          assertThat(response.bodyAsString().split("\r\n")).containsExactly(
              CsvWriter.HEADER,
              "2024-05-01T00:00:00Z,shed,attic,1800,-2.5,-1.25,0.5,60,65.5,70,-6.89,2.91",
              "2024-05-01T01:00:00Z,shed,attic,1790,1,2,3,55,56,57,-5.87,3.11");
          ctx.completeNow();
        })));
  }

  @Test
  void badParametersAre400sNamingTheParameterAndNeverReachStorage(Vertx vertx, VertxTestContext ctx) {
    AtomicBoolean historyAsked = new AtomicBoolean();
    storageKnows(vertx, HUB_CEILING, SHED_ATTIC)
        .compose(ready -> storage(vertx, Addresses.STORAGE_HISTORY, message -> {
          historyAsked.set(true);
          message.reply(atticDay().toJson());
        }))
        .compose(ready -> get("/api/readings?points=0"))
        .compose(response -> {
          ctx.verify(() -> assertError(response, 400, "bad_request", "points: must be between 1 and 10000"));
          return get("/api/readings?from=2024-05-02&to=2024-05-01");
        })
        .compose(response -> {
          ctx.verify(() -> assertError(response, 400, "bad_request", "from: must be before to"));
          return get("/api/readings?range=24h&from=2024-05-01");
        })
        .compose(response -> {
          ctx.verify(() -> assertError(response, 400, "bad_request", "range: cannot be combined with from"));
          return get("/api/readings.csv?from=soon");
        })
        .compose(response -> {
          ctx.verify(() -> assertError(response, 400, "bad_request", "from: cannot read 'soon' as a time"));
          return get("/api/readings?sensor=cellar");
        })
        .compose(response -> {
          ctx.verify(() -> assertError(response, 400, "bad_request", "sensor: unknown sensor 'cellar'"));
          return get("/api/readings?pionts=5");
        })
        .compose(response -> {
          ctx.verify(() -> assertError(response, 400, "bad_request", "pionts: unknown parameter"));
          return get("/api/readings/latest?range=24h");
        })
        .compose(response -> {
          ctx.verify(() -> assertError(response, 400, "bad_request", "range: unknown parameter; expected sensor"));
          return get("/api/sensors?all=1");
        })
        .compose(response -> {
          ctx.verify(() -> assertError(response, 400, "bad_request", "all: unknown parameter; this endpoint takes no parameters"));
          return get("/api/readings?from=%zz");
        })
        .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
          assertThat(response.statusCode()).isEqualTo(400);
          assertJsonHeaders(response);
          assertThat(historyAsked).isFalse();
          ctx.completeNow();
        })));
  }

  @Test
  void storageFailureCodesBecomeHttpStatuses(Vertx vertx, VertxTestContext ctx) {
    int[] codes = {Failures.BAD_REQUEST, Failures.NOT_FOUND, Failures.UNAVAILABLE, Failures.INTERNAL};
    int[] next = {0};
    storageKnows(vertx, HUB_CEILING)
        .compose(ready -> storage(vertx, Addresses.STORAGE_HISTORY, message -> message.fail(codes[next[0]++], "storage says no")))
        .compose(ready -> get("/api/readings"))
        .compose(response -> {
          ctx.verify(() -> assertError(response, 400, "bad_request", "storage says no"));
          return get("/api/readings");
        })
        .compose(response -> {
          ctx.verify(() -> assertError(response, 404, "not_found", "storage says no"));
          return get("/api/readings");
        })
        .compose(response -> {
          ctx.verify(() -> assertError(response, 503, "unavailable", "storage says no"));
          return get("/api/readings");
        })
        .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
          assertError(response, 500, "internal", "storage says no");
          ctx.completeNow();
        })));
  }

  @Test
  void noStorageAnywhereIsA503AtOnce(VertxTestContext ctx) {
    long start = System.nanoTime();
    get("/api/readings?range=24h").onComplete(ctx.succeeding(response -> ctx.verify(() -> {
      assertError(response, 503, "unavailable", "service not reachable");
      assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
      ctx.completeNow();
    })));
  }

  @Test
  void aStorageThatNeverAnswersIsA503AfterTheRequestTimeout(Vertx vertx, VertxTestContext ctx) {
    long[] start = new long[1];
    storage(vertx, Addresses.STORAGE_SENSORS, message -> {
      // holds the request: the web side must give up on its own
    })
        .compose(ready -> {
          start[0] = System.nanoTime();
          return get("/api/sensors");
        })
        .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
          long elapsedMs = (System.nanoTime() - start[0]) / 1_000_000;
          assertError(response, 503, "unavailable", "service not reachable: timeout");
          assertThat(elapsedMs).isBetween(REQUEST_TIMEOUT_MS - 50, REQUEST_TIMEOUT_MS + 10_000);
          ctx.completeNow();
        })));
  }

  @Test
  void aMalformedStorageReplyIsALoggedJson500(Vertx vertx, VertxTestContext ctx) {
    storageKnows(vertx, HUB_CEILING)
        .compose(ready -> storage(vertx, Addresses.STORAGE_HISTORY,
            message -> message.reply(new JsonObject().put("from", 0).put("to", 1).put("series", new JsonArray().add(new JsonObject())))))
        .compose(ready -> get("/api/readings.csv"))
        .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
          assertError(response, 500, "internal", "unexpected error");
          ctx.completeNow();
        })));
  }
}
