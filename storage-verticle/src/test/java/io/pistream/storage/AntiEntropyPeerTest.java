package io.pistream.storage;

import static io.pistream.storage.StorageHarness.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.Reading;
import io.pistream.contracts.SensorKey;
import io.pistream.contracts.StoreBatch;
import io.pistream.contracts.SyncDiff;
import io.pistream.contracts.SyncDigest;
import io.pistream.contracts.SyncFetch;
import io.pistream.contracts.SyncHello;
import io.pistream.contracts.SyncRows;
import io.pistream.testing.BusRecorder;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The test plays another storage node, "ghost", and holds the anti-entropy conversation with one storage node. */
@ExtendWith(VertxExtension.class)
class AntiEntropyPeerTest {

  private static final long HOUR = 3_600_000L;
  private static final SensorKey S1 = key("s1");

  @TempDir
  Path dir;

  private final long first = System.currentTimeMillis() / HOUR * HOUR - 5 * HOUR;
  private final long second = first + HOUR;

  @Test
  void itAnswersWhereItHoldsOtherReadingsHandsThemOutPagedAndAsksBack(Vertx vertx, VertxTestContext ctx) {
    StorageHarness storage = new StorageHarness(vertx, dir, "store-a");
    List<Reading> readings = new ArrayList<>();
    for (int i = 0; i < 1500; i++) {
      readings.add(StorageHarness.reading("s1", first + i * 2000L, 20 + i % 7 / 10.0, 40));
    }
    for (int i = 0; i < 10; i++) {
      readings.add(StorageHarness.reading("s1", second + i * 2000L, -3.5, 90));
    }
    long until = System.currentTimeMillis() - 60_000;
    long since = first - 2 * HOUR;
    // The ghost holds the first hour as the node does, a different second hour, an hour and a sensor the node has not.
    SyncDigest hours = new SyncDigest("ghost", since, until, HOUR, false, List.of(
        new SyncDigest.Scope(S1, since, second + HOUR, List.of(new SyncDigest.Bucket(since, 5, 1, 1), digest(first, readings.subList(0, 1500)),
            digest(second, readings.subList(1500, 1505)))),
        new SyncDigest.Scope(key("s9"), since, until, List.of(new SyncDigest.Bucket(first, 1, 2, 3)))));
    Promise<SyncDigest> askedBack = Promise.promise();
    vertx.eventBus().<JsonObject>consumer(Addresses.storageSyncDigest("ghost"), ask -> {
      askedBack.tryComplete(SyncDigest.fromJson(ask.body()));
      ask.reply(new SyncDiff(List.of()).toJson());
    });
    vertx.eventBus().<JsonObject>consumer(Addresses.storageSyncFetch("ghost"), fetch -> fetch.reply(new SyncRows(List.of(), false).toJson()));

    storage.deploy(storage.config().put("flushEveryMillis", 50).put("retentionDays", 2), new StorageVerticle(true))
        .compose(id -> storage.request(Addresses.STORAGE_STORE, new StoreBatch(readings).toJson()))
        .compose(ack -> storage.untilRawCount(1510))
        .compose(v -> ask(storage, hours))
        .compose(diff -> {
          ctx.verify(() -> assertThat(diff).isEqualTo(new SyncDiff(List.of(new SyncDiff.Differing(S1, List.of(second))))));
          return ask(storage, new SyncDigest("ghost", since, until, until - since, true, List.of()));
        })
        .compose(diff -> {
          ctx.verify(() -> assertThat(diff).isEqualTo(new SyncDiff(List.of(new SyncDiff.Differing(S1, List.of(since)))))
          );
          return fetch(storage, new SyncFetch(S1, first, first + HOUR, 5000));
        })
        .compose(page -> {
          ctx.verify(() -> {
            assertThat(page.more()).isTrue();
            assertThat(page.rows()).hasSize(AntiEntropy.PAGE);
            assertThat(page.rows().get(1)).isEqualTo(new SyncRows.Row(first + 2000, 2010, 4000));
          });
          return fetch(storage, new SyncFetch(S1, page.rows().get(page.rows().size() - 1).ts() + 1, first + HOUR, 5000));
        })
        .compose(page -> {
          ctx.verify(() -> {
            assertThat(page.more()).isFalse();
            assertThat(page.rows()).hasSize(500);
          });
          return askedBack.future();
        })
        .onComplete(ctx.succeeding(back -> ctx.verify(() -> {
          // The ghost showed it holds what the node lacks: the node asks in turn, starting with every sensor it knows.
          assertThat(back.from()).isEqualTo("store-a");
          assertThat(back.all()).isTrue();
          assertThat(back.scopes()).extracting(SyncDigest.Scope::sensor).containsExactly(S1);
          ctx.completeNow();
        })));
  }

  @Test
  void aNewStorageNodesHelloIsAnsweredAndItIsAskedAtOnce(Vertx vertx, VertxTestContext ctx) {
    StorageHarness storage = new StorageHarness(vertx, dir, "store-a");
    Promise<SyncDigest> asked = Promise.promise();
    vertx.eventBus().<JsonObject>consumer(Addresses.storageSyncDigest("ghost"), ask -> {
      asked.tryComplete(SyncDigest.fromJson(ask.body()));
      ask.reply(new SyncDiff(List.of()).toJson());
    });
    // An hour between comparisons: only the hello can explain being asked now.
    JsonObject config = storage.config().put("antiEntropy", new JsonObject().put("everySeconds", 3600));
    BusRecorder.on(vertx, Addresses.STORAGE_SYNC_HELLO)
        .compose(hellos -> storage.deploy(config, new StorageVerticle(true))
            .compose(id -> hellos.next(hello -> "store-a".equals(hello.getString("node"))))
            .compose(own -> {
              hellos.skipAll();
              vertx.eventBus().publish(Addresses.STORAGE_SYNC_HELLO, new SyncHello("ghost", 1L).toJson());
              return hellos.next(hello -> "store-a".equals(hello.getString("node")));
            }))
        .compose(answer -> asked.future())
        .onComplete(ctx.succeeding(ask -> ctx.verify(() -> {
          assertThat(ask.from()).isEqualTo("store-a");
          ctx.completeNow();
        })));
  }

  private static Future<SyncDiff> ask(StorageHarness storage, SyncDigest digest) {
    return storage.request(Addresses.storageSyncDigest("store-a"), digest.toJson()).map(SyncDiff::fromJson);
  }

  private static Future<SyncRows> fetch(StorageHarness storage, SyncFetch fetch) {
    return storage.request(Addresses.storageSyncFetch("store-a"), fetch.toJson()).map(SyncRows::fromJson);
  }

  private static SyncDigest.Bucket digest(long hour, List<Reading> readings) {
    long a = 0;
    long b = 0;
    for (Reading r : readings) {
      a += RowHash.a(r.ts(), CentiUnits.of(r.temperatureC()), CentiUnits.of(r.humidityPct()));
      b += RowHash.b(r.ts(), CentiUnits.of(r.temperatureC()), CentiUnits.of(r.humidityPct()));
    }
    return new SyncDigest.Bucket(hour, readings.size(), a, b);
  }
}
