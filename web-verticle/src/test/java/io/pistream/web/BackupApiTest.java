package io.pistream.web;

import static io.pistream.web.GuardedWebNode.assertJsonError;
import static io.pistream.web.GuardedWebNode.config;
import static io.pistream.web.GuardedWebNode.deploy;
import static io.pistream.web.GuardedWebNode.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.PasswordHashes;
import io.pistream.testing.Eventually;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The admin download of a backup, with the test playing this node's storage on the bus. */
@ExtendWith(VertxExtension.class)
class BackupApiTest {

  private static final JsonObject AUTH = new JsonObject().put("users", new JsonArray()
      .add(new JsonObject().put("name", "alice").put("passwordHash", PasswordHashes.hashPassword("alice-pw".toCharArray())).put("role", "admin"))
      .add(new JsonObject().put("name", "bob").put("passwordHash", PasswordHashes.hashPassword("bob-pw".toCharArray()))));
  private static final byte[] COPY = ("SQLite format 3\0" + "x".repeat(5000)).getBytes(StandardCharsets.US_ASCII);

  @TempDir
  Path dir;

  @Test
  void anAdminGetsTheCopyStorageMadeAsADownloadAndTheTemporaryFileIsDeleted(Vertx vertx) throws Exception {
    Path copy = Files.write(dir.resolve("download-1.backup"), COPY);
    vertx.eventBus().localConsumer(Addresses.storageBackup("hub"), message -> message.reply(new JsonObject()
        .put("node", "hub").put("path", copy.toString()).put("bytes", COPY.length))).completion().await();
    WebVerticle web = deploy(vertx, config(AUTH));
    WebClient client = WebClient.create(vertx);

    HttpResponse<Buffer> anonymous = send(client.get(web.actualPort(), "127.0.0.1", BackupApi.PATH));
    assertJsonError(anonymous, 401, "unauthorized");
    HttpResponse<Buffer> viewer = send(client.get(web.actualPort(), "127.0.0.1", BackupApi.PATH).basicAuthentication("bob", "bob-pw"));
    assertJsonError(viewer, 403, "forbidden");
    assertThat(copy).as("nothing copied for a refused request").exists();

    HttpResponse<Buffer> admin = send(client.get(web.actualPort(), "127.0.0.1", BackupApi.PATH).basicAuthentication("alice", "alice-pw"));
    assertThat(admin.statusCode()).isEqualTo(200);
    assertThat(admin.getHeader("Content-Type")).isEqualTo("application/vnd.sqlite3");
    assertThat(admin.getHeader("Content-Disposition"))
        .isEqualTo("attachment; filename=\"" + BackupApi.fileName("hub", Instant.now(), ZoneId.systemDefault()) + "\"");
    assertThat(admin.getHeader("Cache-Control")).isEqualTo("no-store");
    assertThat(admin.body().getBytes()).isEqualTo(COPY);
    Eventually.within(Duration.ofSeconds(10)).every(Duration.ofMillis(20))
        .until(vertx, "the copy deleted", () -> vertx.executeBlocking(() -> Files.exists(copy)), exists -> !exists)
        .timeout(20, TimeUnit.SECONDS).await();
  }

  @Test
  void aWebNodeWithoutStorageSaysWhereToMakeTheBackup(Vertx vertx) {
    WebVerticle web = deploy(vertx, config(AUTH));
    HttpResponse<Buffer> answer = send(WebClient.create(vertx).get(web.actualPort(), "127.0.0.1", BackupApi.PATH)
        .basicAuthentication("alice", "alice-pw"));
    assertJsonError(answer, 409, "no_storage_here");
    assertThat(answer.bodyAsJsonObject().getString("detail")).contains("pistream backup FILE").contains("hub");
  }

  @Test
  void aFailedCopyIsAJsonError(Vertx vertx) {
    vertx.eventBus().localConsumer(Addresses.storageBackup("hub"), message -> message.fail(500, "backup failed: disk full"))
        .completion().await();
    WebVerticle web = deploy(vertx, config(AUTH));
    HttpResponse<Buffer> answer = send(WebClient.create(vertx).get(web.actualPort(), "127.0.0.1", BackupApi.PATH)
        .basicAuthentication("alice", "alice-pw"));
    assertJsonError(answer, 500, "internal");
    assertThat(answer.bodyAsJsonObject().getString("detail")).contains("disk full");
  }
}
