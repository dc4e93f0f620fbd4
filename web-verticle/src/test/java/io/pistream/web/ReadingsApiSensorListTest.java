package io.pistream.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.HistoryQuery;
import io.pistream.contracts.HistoryResult;
import io.pistream.contracts.HistorySeries;
import io.pistream.contracts.SensorInfo;
import io.pistream.contracts.SensorKey;
import io.pistream.contracts.SensorState;
import io.pistream.contracts.SensorStatus;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The web node keeps storage's sensor list between requests: plays storage (counting how often the
 * list is asked for) and the sensors on the bus, and checks that names still resolve and labels stay
 * current when sensors appear or are renamed after the list was taken.
 */
@ExtendWith(VertxExtension.class)
class ReadingsApiSensorListTest {

  private static final SensorInfo HUB_CEILING = new SensorInfo("hub", "ceiling", "Ceiling", "Living room", 1_000, 9_000);
  private static final SensorInfo SHED_ATTIC = new SensorInfo("shed", "attic", "Attic", "Shed", 2_000, 8_000);

  private final List<SensorInfo> stored = new CopyOnWriteArrayList<>();
  private final AtomicInteger listAsked = new AtomicInteger();
  private final List<HistoryQuery> historyAsked = new CopyOnWriteArrayList<>();
  private WebClient client;
  private int port;

  @BeforeEach
  void deployWebAndPlayStorage(Vertx vertx, VertxTestContext ctx) {
    JsonObject config = new JsonObject().put("host", "127.0.0.1").put("port", 0)
        .put("node", new JsonObject().put("id", "hub").put("name", "hub"));
    WebVerticle verticle = new WebVerticle();
    client = WebClient.create(vertx);
    Future<Void> list = vertx.eventBus().<JsonObject>consumer(Addresses.STORAGE_SENSORS, message -> {
      listAsked.incrementAndGet();
      message.reply(new JsonObject().put("sensors", new JsonArray(stored.stream().map(SensorInfo::toJson).toList())));
    }).completion();
    Future<Void> history = vertx.eventBus().<JsonObject>consumer(Addresses.STORAGE_HISTORY, message -> {
      HistoryQuery query = HistoryQuery.fromJson(message.body());
      historyAsked.add(query);
      List<SensorKey> keys = query.sensors().isEmpty() ? stored.stream().map(SensorInfo::key).toList() : query.sensors();
      List<HistorySeries> series = new ArrayList<>();
      keys.forEach(key -> series.add(new HistorySeries(key.node(), key.sensor(), List.of())));
      message.reply(new HistoryResult(query.from(), query.to(), 60_000, "minute", series).toJson());
    }).completion();
    Future.all(list, history)
        .compose(ready -> vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config)))
        .onComplete(ctx.succeeding(id -> {
          port = verticle.actualPort();
          ctx.completeNow();
        }));
  }

  private Future<HttpResponse<Buffer>> history(String sensors) {
    return client.get(port, "127.0.0.1", "/api/readings?range=24h" + sensors).send();
  }

  private static JsonObject series(HttpResponse<Buffer> response, int index) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject().getJsonArray("series").getJsonObject(index);
  }

  @Test
  void theListIsAskedForOnceForManyRequests(VertxTestContext ctx) {
    stored.addAll(List.of(HUB_CEILING, SHED_ATTIC));
    history("&sensor=attic")
        .compose(first -> history("&sensor=attic"))
        .compose(second -> history("&sensor=hub/ceiling"))
        .compose(third -> history(""))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          assertThat(series(all, 0).getString("name")).isEqualTo("Ceiling");
          assertThat(series(all, 1).getString("name")).isEqualTo("Attic");
          assertThat(historyAsked).hasSize(4);
          assertThat(listAsked).hasValue(1);
          ctx.completeNow();
        })));
  }

  @Test
  void aSensorStoredAfterTheListWasTakenIsResolvedByNameAndLabelled(VertxTestContext ctx) {
    stored.add(HUB_CEILING);
    history("&sensor=ceiling")
        .compose(first -> {
          stored.add(SHED_ATTIC);
          return history("&sensor=attic");
        })
        .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
          JsonObject attic = series(response, 0);
          assertThat(attic.getString("sensor")).isEqualTo("attic");
          assertThat(attic.getString("name")).isEqualTo("Attic");
          assertThat(historyAsked.get(1).sensors()).containsExactly(SHED_ATTIC.key());
          assertThat(listAsked).hasValue(2);
          ctx.completeNow();
        })));
  }

  @Test
  void seriesOfASensorStoredAfterTheListWasTakenAreLabelled(VertxTestContext ctx) {
    stored.add(HUB_CEILING);
    history("")
        .compose(first -> {
          stored.add(SHED_ATTIC);
          return history("");
        })
        .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
          assertThat(series(response, 1).getString("name")).isEqualTo("Attic");
          assertThat(series(response, 1).getString("location")).isEqualTo("Shed");
          assertThat(listAsked).hasValue(2);
          ctx.completeNow();
        })));
  }

  @Test
  void aSensorFirstHeardAfterStartIsResolvedByName(Vertx vertx, VertxTestContext ctx) {
    stored.add(HUB_CEILING);
    SensorStatus porch = new SensorStatus("pi-3", "porch", "Porch", "Outside", SensorState.OK, 5_000, 5_000, "", 1, 0, 0);
    history("&sensor=ceiling")
        .compose(first -> {
          vertx.eventBus().publish(Addresses.SENSOR_STATUS, porch.toJson());
          return history("&sensor=porch");
        })
        .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
          assertThat(series(response, 0).getString("name")).isEqualTo("Porch");
          assertThat(historyAsked.get(1).sensors()).containsExactly(new SensorKey("pi-3", "porch"));
          ctx.completeNow();
        })));
  }

  @Test
  void aRenamedSensorShowsItsNewName(Vertx vertx, VertxTestContext ctx) {
    stored.add(HUB_CEILING);
    SensorStatus renamed = new SensorStatus("hub", "ceiling", "Ceiling lamp", "Hall", SensorState.OK, 5_000, 5_000, "", 1, 0, 0);
    history("&sensor=ceiling")
        .compose(first -> {
          ctx.verify(() -> assertThat(series(first, 0).getString("name")).isEqualTo("Ceiling"));
          vertx.eventBus().publish(Addresses.SENSOR_STATUS, renamed.toJson());
          return history("&sensor=ceiling");
        })
        .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
          assertThat(series(response, 0).getString("name")).isEqualTo("Ceiling lamp");
          assertThat(series(response, 0).getString("location")).isEqualTo("Hall");
          ctx.completeNow();
        })));
  }

  @Test
  void anUnknownNameIsA400AfterAskingStorageOnceMore(VertxTestContext ctx) {
    stored.add(HUB_CEILING);
    history("&sensor=ceiling")
        .compose(first -> history("&sensor=cellar"))
        .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
          assertThat(response.statusCode()).isEqualTo(400);
          assertThat(response.bodyAsJsonObject().getString("detail")).isEqualTo("sensor: unknown sensor 'cellar'");
          assertThat(historyAsked).hasSize(1);
          assertThat(listAsked).hasValue(2);
          ctx.completeNow();
        })));
  }
}
