package io.pistream.web;

import static io.pistream.web.GuardedWebNode.assertJsonError;
import static io.pistream.web.GuardedWebNode.config;
import static io.pistream.web.GuardedWebNode.deploy;
import static io.pistream.web.GuardedWebNode.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.PasswordHashes;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * On a guarded web server: the probes are open but show their components only with a login or token;
 * {@code /metrics} is for admin users and tokens, 401/403 JSON for the rest.
 */
@ExtendWith(VertxExtension.class)
class OpsAccessTest {

  private static final String TOKEN = PasswordHashes.newToken();
  private static final JsonObject AUTH = new JsonObject()
      .put("users", new JsonArray()
          .add(new JsonObject().put("name", "alice").put("passwordHash", PasswordHashes.hashPassword("alice-pw".toCharArray())).put("role", "admin"))
          .add(new JsonObject().put("name", "bob").put("passwordHash", PasswordHashes.hashPassword("bob-pw".toCharArray()))))
      .put("tokens", new JsonArray()
          .add(new JsonObject().put("name", "prometheus").put("tokenHash", PasswordHashes.hashToken(TOKEN)).put("role", "viewer")));

  @Test
  void probesShowComponentsOnlyWithALoginOrToken(Vertx vertx) {
    WebVerticle web = deploy(vertx, config(AUTH));
    WebClient client = WebClient.create(vertx);
    for (String path : new String[] {"/health", "/ready"}) {
      HttpResponse<Buffer> open = send(client.get(web.actualPort(), "127.0.0.1", path));
      assertThat(open.statusCode()).as(path).isEqualTo(200);
      assertThat(open.bodyAsJsonObject()).as(path).isEqualTo(new JsonObject().put("status", "UP"));

      JsonObject withToken = send(client.get(web.actualPort(), "127.0.0.1", path).bearerTokenAuthentication(TOKEN)).bodyAsJsonObject();
      assertThat(withToken.getString("status")).as(path).isEqualTo("UP");
      assertThat(withToken.getString("node")).as(path).isEqualTo("hub");
      assertThat(withToken.getJsonArray("checks").getJsonObject(0).getString("id")).as(path).isEqualTo("http");

      JsonObject withLogin = send(client.get(web.actualPort(), "127.0.0.1", path).basicAuthentication("bob", "bob-pw")).bodyAsJsonObject();
      assertThat(withLogin.containsKey("checks")).as(path).isTrue();

      assertJsonError(send(client.get(web.actualPort(), "127.0.0.1", path).bearerTokenAuthentication("not-a-token")), 401, "unauthorized");
    }
  }

  @Test
  void metricsAreForAdminsAndTokens(Vertx vertx) {
    WebVerticle web = deploy(vertx, config(AUTH));
    WebClient client = WebClient.create(vertx);
    assertJsonError(send(client.get(web.actualPort(), "127.0.0.1", "/metrics")), 401, "unauthorized");
    assertJsonError(send(client.get(web.actualPort(), "127.0.0.1", "/metrics").basicAuthentication("bob", "bob-pw")), 403, "forbidden");
    // Past the guard: this test's plain Vert.x has no metrics, which the handler says.
    assertJsonError(send(client.get(web.actualPort(), "127.0.0.1", "/metrics").bearerTokenAuthentication(TOKEN)), 503, "unavailable");
    assertJsonError(send(client.get(web.actualPort(), "127.0.0.1", "/metrics").basicAuthentication("alice", "alice-pw")), 503, "unavailable");
  }
}
