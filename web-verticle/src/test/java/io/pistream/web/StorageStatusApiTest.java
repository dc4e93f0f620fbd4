package io.pistream.web;

import static io.pistream.web.GuardedWebNode.config;
import static io.pistream.web.GuardedWebNode.deploy;
import static io.pistream.web.GuardedWebNode.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.StorageState;
import io.pistream.contracts.StorageStatus;
import io.pistream.testing.Eventually;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The storage nodes' health on GET /api/storage and on the bridge. */
@ExtendWith(VertxExtension.class)
class StorageStatusApiTest {

  @Test
  void theLastStatusOfEachStorageNodeIsServedAndTheWebNodeAsksForThemAtStart(Vertx vertx) {
    Promise<Void> askedForStatus = Promise.promise();
    vertx.eventBus().consumer(Addresses.STORAGE_STATUS_REFRESH, message -> askedForStatus.tryComplete()).completion()
        .timeout(30, TimeUnit.SECONDS).await();
    WebVerticle web = deploy(vertx, config(new JsonObject()));
    askedForStatus.future().timeout(30, TimeUnit.SECONDS).await();
    WebClient client = WebClient.create(vertx);

    StorageStatus failing = new StorageStatus("hub", StorageState.FAILING, "disk full: database or disk is full", 1_000, 900, 250, 10_000, 0, 0,
        4_096_000);
    vertx.eventBus().publish(Addresses.STORAGE_STATUS, new StorageStatus("hub", StorageState.OK, "", 500, 800, 0, 9_000, 0, 0, 4_000_000).toJson());
    vertx.eventBus().publish(Addresses.STORAGE_STATUS, failing.toJson());
    JsonArray storage = Eventually.within(Duration.ofSeconds(30)).until(vertx, "the failing status to be served",
        () -> client.get(web.actualPort(), "127.0.0.1", "/api/storage").send().map(response -> response.bodyAsJsonObject().getJsonArray("storage")),
        list -> list.size() == 1 && "failing".equals(list.getJsonObject(0).getString("state"))).await();
    JsonObject hub = storage.getJsonObject(0);
    assertThat(StorageStatus.fromJson(hub)).isEqualTo(failing);
    assertThat(hub.getLong("heardAt")).isPositive();
    assertThat(hub.getBoolean("nodeOnline")).as("a node the web node has no presence of is not called offline").isTrue();

    assertThat(send(client.get(web.actualPort(), "127.0.0.1", "/api/storage?x=1")).statusCode()).isEqualTo(400);
    JsonObject bridge = send(client.get(web.actualPort(), "127.0.0.1", "/bridge.json")).bodyAsJsonObject();
    assertThat(bridge.getString("storageStatus")).isEqualTo(Addresses.STORAGE_STATUS);
    assertThat(bridge.getJsonArray("outbound")).contains(Addresses.STORAGE_STATUS);
  }
}
