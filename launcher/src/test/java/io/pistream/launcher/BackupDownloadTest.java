package io.pistream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.Reading;
import io.pistream.contracts.StoreBatch;
import io.pistream.storage.StorageVerticle;
import io.pistream.web.WebVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Storage and web on one node: the downloaded backup is a database that opens and holds what was stored. */
@ExtendWith(VertxExtension.class)
class BackupDownloadTest {

  @TempDir
  Path dir;

  @Test
  void theDownloadedBackupOpensAsSqliteWithTheStoredReadings(Vertx vertx) throws Exception {
    JsonObject node = new JsonObject().put("id", "hub").put("name", "hub");
    Path data = dir.resolve("data");
    vertx.deployVerticle(new StorageVerticle(), new DeploymentOptions().setConfig(new JsonObject()
        .put("dataDir", data.toString()).put("retentionDays", 0).put("flushEveryMillis", 20).put("node", node))).await();
    WebVerticle web = new WebVerticle();
    vertx.deployVerticle(web, new DeploymentOptions().setConfig(new JsonObject()
        .put("host", "127.0.0.1").put("port", 0).put("node", node))).await();
    List<Reading> readings = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      readings.add(new Reading("hub", "s1", 1_735_689_600_000L + i * 1000L, 20, 50));
    }
    vertx.eventBus().request(Addresses.STORAGE_STORE, new StoreBatch(readings).toJson()).await();
    // Acknowledged readings reach the file within the 20 ms flush window; a copy made before holds fewer.
    Path downloaded = dir.resolve("downloaded.db");
    long raw = 0;
    for (int attempt = 0; attempt < 100 && raw < 120; attempt++) {
      HttpResponse<Buffer> answer = WebClient.create(vertx).get(web.actualPort(), "127.0.0.1", "/api/admin/backup").send()
          .timeout(60, TimeUnit.SECONDS).await();
      assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(200);
      Files.write(downloaded, answer.body().getBytes());
      raw = single(downloaded, "SELECT count(*) FROM readings_raw");
    }
    assertThat(raw).isEqualTo(120);
    assertThat(single(downloaded, "PRAGMA integrity_check")).as("integrity_check ok").isZero();
    // The copy is deleted once the server has sent it, which may be just after the client has read it all.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!downloadCopies(data).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(downloadCopies(data)).isEmpty();
  }

  private static List<String> downloadCopies(Path data) throws Exception {
    try (Stream<Path> files = Files.list(data)) {
      return files.map(p -> p.getFileName().toString()).filter(name -> name.startsWith("download-")).toList();
    }
  }

  private static long single(Path file, String sql) throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      if (!rows.next()) {
        return -1;
      }
      Object value = rows.getObject(1);
      return value instanceof Number n ? n.longValue() : ("ok".equals(value) ? 0 : -2);
    }
  }
}
