package io.pistream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.pistream.testing.Eventually;
import io.pistream.testing.OkJson;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole node on its default roles with one alert rule its simulated sensor always breaks: the alert
 * fires once, reaches a real SMTP server (logging in with the password from PISTREAM_SMTP_PASSWORD) and
 * a webhook receiver, and GET /api/alerts lists it.
 */
@ExtendWith(VertxExtension.class)
class AlertsWholeNodeTest {

  private static final String SMTP_PASSWORD = "smtp-Pass-2417";
  private static final Eventually EVENTUALLY = Eventually.within(Duration.ofSeconds(60)).every(Duration.ofMillis(200));

  @RegisterExtension
  static final GreenMailExtension smtp = new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort())
      .withConfiguration(GreenMailConfiguration.aConfig().withUser("pi@example.com", "pi", SMTP_PASSWORD));

  @TempDir
  Path dataDir;

  private PistreamNode node;

  @AfterEach
  void stopNode() {
    if (node != null) {
      node.stop();
    }
  }

  @Test
  void aBrokenRuleMailsPostsAndListsItsAlertOnce(Vertx vertx) throws Exception {
    List<JsonObject> posted = new CopyOnWriteArrayList<>();
    HttpServer receiver = vertx.createHttpServer()
        .requestHandler(request -> request.body().onSuccess(body -> {
          posted.add(body.toJsonObject().put("path", request.path()));
          request.response().setStatusCode(204).end();
        }))
        .listen(0, "127.0.0.1").await();
    int port = freePort();
    Path config = Files.writeString(dataDir.resolve("alerts.yaml"), """
        alerts:
          dashboardUrl: http://pi.example:8080
          rules:
            - {name: always-warm, sensor: "*", quantity: temperature, above: -50, repeatMinutes: 0}
          email: {host: 127.0.0.1, port: %d, startTls: false, from: "pistream <pi@example.com>", to: ops@example.com, username: pi}
          webhook: {url: "http://127.0.0.1:%d/hook", format: json}
        """.formatted(smtp.getSmtp().getPort(), receiver.actualPort()));
    node = PistreamNode.start(new LaunchOptions(config, true, false), Map.of(
        "PISTREAM_HTTP_PORT", Integer.toString(port),
        "PISTREAM_STORAGE_DATADIR", dataDir.toString(),
        "PISTREAM_NODE_ID", "testnode",
        "PISTREAM_SENSOR_SENSORS_0_INTERVALSECONDS", "1",
        "PISTREAM_SMTP_PASSWORD", SMTP_PASSWORD));

    MimeMessage mail = EVENTUALLY.blockingUntil("the alert mail", () -> smtp.getReceivedMessages(), mails -> mails.length > 0)[0];
    assertThat(mail.getSubject()).startsWith("Alert: always-warm: ").contains("testnode/ceiling").contains("above -50 C");
    assertThat(String.valueOf(mail.getContent())).contains("http://pi.example:8080/history?sensor=testnode/ceiling&from=");

    JsonObject hook = EVENTUALLY.blockingUntil("the webhook", () -> posted, list -> !list.isEmpty()).get(0);
    assertThat(hook.getString("path")).isEqualTo("/hook");
    assertThat(hook.getString("rule")).isEqualTo("always-warm");
    assertThat(hook.getString("state")).isEqualTo("firing");
    assertThat(hook.getString("subject")).isEqualTo("testnode/ceiling");
    assertThat(hook.getDouble("value")).isGreaterThan(-50.0);

    WebClient client = WebClient.create(vertx);
    try {
      JsonObject alerts = EVENTUALLY.until(vertx, "the alert listed",
          () -> client.get(port, "127.0.0.1", "/api/alerts").send().compose(OkJson::body),
          body -> !body.getJsonArray("active", new JsonArray()).isEmpty()).await();
      JsonObject active = alerts.getJsonArray("active").getJsonObject(0);
      assertThat(active.getString("rule")).isEqualTo("always-warm");
      assertThat(active.getString("id")).isEqualTo(hook.getString("alertId"));
    } finally {
      client.close();
    }
    // Fired once, not once per reading: no repeats (repeatMinutes 0) while the readings keep coming.
    Future.<Void>future(done -> vertx.setTimer(3000, id -> done.complete())).timeout(30, TimeUnit.SECONDS).await();
    assertThat(smtp.getReceivedMessages()).hasSize(1);
    assertThat(posted).hasSize(1);
    receiver.close().await();
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
