package io.pistream.storage;

import static io.pistream.storage.StorageHarness.T0;
import static io.pistream.storage.StorageHarness.reading;
import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.StorageState;
import io.pistream.contracts.StorageStatus;
import io.pistream.testing.BusRecorder;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class StorageStatusTest {

  @TempDir
  Path dir;

  @Test
  void statusIsPublishedAtStartAndOnRefreshWithTheCounters(Vertx vertx, VertxTestContext ctx) {
    StorageHarness storage = new StorageHarness(vertx, dir);
    long started = System.currentTimeMillis();
    JsonArray batch = new JsonArray()
        .add(reading("s1", T0, 20, 50).toJson())
        .add(reading("s1", T0 + 2000, 21, 51).toJson())
        .add(new JsonObject().put("sensor", "no node"));
    BusRecorder.on(vertx, Addresses.STORAGE_STATUS).compose(statuses -> storage.deploy(storage.config().put("flushEveryMillis", 50))
        .compose(id -> statuses.next(s -> true))
        .compose(first -> {
          ctx.verify(() -> {
            StorageStatus status = StorageStatus.fromJson(first);
            assertThat(status.node()).isEqualTo(StorageHarness.NODE);
            assertThat(status.state()).isEqualTo(StorageState.OK);
            assertThat(status.detail()).isEmpty();
            assertThat(status.lastWriteTs()).isZero();
            assertThat(status.databaseBytes()).isPositive();
            // The temporary directory's file system, as the JDK sees it.
            FileStore store = Files.getFileStore(dir);
            assertThat(status.diskTotalBytes()).isEqualTo(store.getTotalSpace());
            assertThat(status.diskFreeBytes()).isPositive().isLessThanOrEqualTo(status.diskTotalBytes());
            assertThat(status.diskFreePercent()).isBetween(0.0, 100.0);
          });
          return storage.request(Addresses.STORAGE_STORE, new JsonObject().put("readings", batch));
        })
        .compose(ack -> storage.untilRawCount(2))
        .compose(v -> {
          statuses.skipAll();
          vertx.eventBus().publish(Addresses.STORAGE_STATUS_REFRESH, new JsonObject());
          return statuses.next(s -> true);
        }))
        .onComplete(ctx.succeeding(refreshed -> ctx.verify(() -> {
          StorageStatus status = StorageStatus.fromJson(refreshed);
          assertThat(status.state()).isEqualTo(StorageState.OK);
          assertThat(status.writtenReadings()).isEqualTo(2);
          assertThat(status.droppedReadings()).isEqualTo(1);
          assertThat(status.refusedReadings()).isZero();
          assertThat(status.pendingReadings()).isZero();
          assertThat(status.lastWriteTs()).isBetween(started, System.currentTimeMillis());
          ctx.completeNow();
        })));
  }
}
