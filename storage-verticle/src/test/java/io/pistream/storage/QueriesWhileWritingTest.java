package io.pistream.storage;

import static io.pistream.storage.StorageHarness.T0;
import static io.pistream.storage.StorageHarness.key;
import static io.pistream.storage.StorageHarness.reading;
import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.HistoryPoint;
import io.pistream.contracts.HistoryQuery;
import io.pistream.contracts.HistoryResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class QueriesWhileWritingTest {

  private static final int TOTAL = 60_000;
  private static final int CHUNK = 2_000;

  @TempDir
  Path dir;

  @Test
  void historyQueriesAreAnsweredWhileReadingsPourIn(Vertx vertx, VertxTestContext ctx) {
    StorageHarness storage = new StorageHarness(vertx, dir);
    HistoryQuery query = new HistoryQuery(List.of(key("s1")), T0, T0 + TOTAL * 1000L, 100, false);
    List<Long> latencies = new ArrayList<>();
    // The timer writes what is left short of a full batch at the end; the default window is minutes long.
    storage.deploy(storage.config().put("flushEveryReadings", 1000).put("flushEveryMillis", 200))
        .compose(id -> {
          Promise<Void> published = Promise.promise();
          publishChunk(storage, 0, published);
          return Future.all(published.future(), askWhileWriting(storage, query, latencies));
        })
        .compose(v -> storage.history(query))
        .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
          assertThat(latencies).isNotEmpty();
          assertThat(latencies).allSatisfy(ms -> assertThat(ms).isLessThan(10_000L));
          assertThat(total(result)).isEqualTo(TOTAL);
          ctx.completeNow();
        })));
  }

  /** Publishes in chunks, one per event-loop turn, so the writer and the queries get their turns. */
  private void publishChunk(StorageHarness storage, int start, Promise<Void> done) {
    for (int i = start; i < Math.min(TOTAL, start + CHUNK); i++) {
      storage.store(reading("s1", T0 + i * 1000L, 20 + i % 10, 50));
    }
    if (start + CHUNK >= TOTAL) {
      done.complete();
    } else {
      storage.vertx.runOnContext(v -> publishChunk(storage, start + CHUNK, done));
    }
  }

  /** Queries one after the other until every reading is stored; the writer is busy all along. */
  private Future<Void> askWhileWriting(StorageHarness storage, HistoryQuery query, List<Long> latencies) {
    long started = System.nanoTime();
    return storage.history(query).compose(result -> {
      latencies.add((System.nanoTime() - started) / 1_000_000);
      return total(result) == TOTAL ? Future.succeededFuture() : askWhileWriting(storage, query, latencies);
    });
  }

  private static long total(HistoryResult result) {
    return result.series().get(0).points().stream().mapToLong(HistoryPoint::count).sum();
  }
}
