package io.pistream.storage;

import static io.pistream.storage.StorageHarness.NODE;
import static io.pistream.storage.StorageHarness.T0;
import static io.pistream.storage.StorageHarness.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.HistoryPoint;
import io.pistream.contracts.HistoryQuery;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class SqliteBulkLoaderTest {

  @TempDir
  Path dir;

  @Test
  void loadedReadingsAreServedLikeReceivedOnesAndDuplicatesCountOnce(Vertx vertx, VertxTestContext ctx) throws Exception {
    int count = 50_000;
    try (SqliteBulkLoader loader = SqliteBulkLoader.open(dir)) {
      for (int i = 0; i < count; i++) {
        loader.add(NODE, "s1", T0 + i * 2000L, 20 + (i % 100) / 10.0, 50);
      }
      loader.add(NODE, "s1", T0, 20, 50);
      loader.flush();
      assertThat(loader.inserted()).isEqualTo(count);
    }
    StorageHarness storage = new StorageHarness(vertx, dir);
    storage.deploy(storage.config())
        .compose(id -> storage.history(new HistoryQuery(List.of(key("s1")), T0, T0 + count * 2000L, 10, false)))
        .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
          List<HistoryPoint> points = result.series().get(0).points();
          assertThat(points.stream().mapToLong(HistoryPoint::count).sum()).isEqualTo(count);
          assertThat(points).allSatisfy(p -> {
            assertThat(p.temperatureMin()).isEqualTo(20);
            assertThat(p.temperatureMax()).isEqualTo(29.9);
          });
          ctx.completeNow();
        })));
  }
}
