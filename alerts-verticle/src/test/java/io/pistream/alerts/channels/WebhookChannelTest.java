package io.pistream.alerts.channels;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class WebhookChannelTest {

  private static final String TOKEN = "123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
  private static final String AUTH = "Bearer tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2";

  private final FakeWebhookReceiver receiver = new FakeWebhookReceiver();
  private String base;
  private NotificationChannel channel;

  @BeforeEach
  void startReceiver(Vertx vertx, VertxTestContext ctx) {
    receiver.start(vertx).onComplete(ctx.succeeding(port -> {
      base = "http://127.0.0.1:" + port;
      ctx.completeNow();
    }));
  }

  @AfterEach
  void closeChannel() {
    if (channel != null) {
      channel.close().await();
    }
  }

  @Test
  void jsonPostsTheEventWithTheNotification(Vertx vertx, VertxTestContext ctx) {
    channel = channel(vertx, new JsonObject().put("url", base + "/hooks/pistream?src=pi")
        .put("headers", new JsonObject().put("X-Api-Key", "key-1")));
    channel.send(SampleAlerts.firing()).onComplete(ctx.succeeding(done -> ctx.verify(() -> {
      FakeWebhookReceiver.Received request = receiver.only();
      assertThat(request.method()).isEqualTo("POST");
      assertThat(request.uri()).isEqualTo("/hooks/pistream?src=pi");
      assertThat(request.headers().get("Content-Type")).startsWith("application/json");
      assertThat(request.headers().get("X-Api-Key")).isEqualTo("key-1");
      JsonObject body = request.json();
      assertThat(body.getString("id")).isEqualTo("n-7-1");
      assertThat(body.getString("alertId")).isEqualTo("al-7");
      assertThat(body.getString("rule")).isEqualTo("greenhouse-hot");
      assertThat(body.getString("state")).isEqualTo("firing");
      assertThat(body.getString("subject")).isEqualTo("pi-1/dht22");
      assertThat(body.getDouble("value")).isEqualTo(31.5);
      assertThat(body.getString("title")).isEqualTo(SampleAlerts.firing().title());
      assertThat(body.getString("body")).isEqualTo(SampleAlerts.firing().body());
      assertThat(body.getString("link")).isEqualTo("https://pi.example/history?s=pi-1/dht22");
      assertThat(body.getBoolean("delayed")).isFalse();
      ctx.completeNow();
    })));
  }

  @Test
  void ntfyPublishesJsonToTheRootWithTheTopic(Vertx vertx, VertxTestContext ctx) {
    channel = channel(vertx, new JsonObject().put("url", base + "/pistream-x7q").put("format", "ntfy")
        .put("headers", new JsonObject().put("Authorization", AUTH)));
    channel.send(SampleAlerts.firing())
        .compose(done -> channel.send(SampleAlerts.resolved()))
        .onComplete(ctx.succeeding(done -> ctx.verify(() -> {
          assertThat(receiver.received()).hasSize(2);
          FakeWebhookReceiver.Received firing = receiver.received().get(0);
          assertThat(firing.method()).isEqualTo("POST");
          assertThat(firing.uri()).isEqualTo("/");
          assertThat(firing.headers().get("Authorization")).isEqualTo(AUTH);
          assertThat(firing.json()).isEqualTo(new JsonObject()
              .put("topic", "pistream-x7q")
              .put("title", SampleAlerts.firing().title())
              .put("message", SampleAlerts.firing().body())
              .put("tags", new JsonArray().add("rotating_light"))
              .put("priority", 4)
              .put("click", SampleAlerts.firing().link()));
          JsonObject resolved = receiver.received().get(1).json();
          assertThat(resolved.getJsonArray("tags")).containsExactly("white_check_mark");
          assertThat(resolved.getInteger("priority")).isEqualTo(3);
          assertThat(resolved.containsKey("click")).isFalse();
          ctx.completeNow();
        })));
  }

  @Test
  void gotifyPostsToMessageWithPriorityAndClickUrl(Vertx vertx, VertxTestContext ctx) {
    channel = channel(vertx, new JsonObject().put("url", base).put("format", "gotify")
        .put("headers", new JsonObject().put("X-Gotify-Key", "AiOLxxDxYOCc7bY")));
    channel.send(SampleAlerts.firing())
        .compose(done -> channel.send(SampleAlerts.resolved()))
        .onComplete(ctx.succeeding(done -> ctx.verify(() -> {
          FakeWebhookReceiver.Received firing = receiver.received().get(0);
          assertThat(firing.uri()).isEqualTo("/message");
          assertThat(firing.headers().get("X-Gotify-Key")).isEqualTo("AiOLxxDxYOCc7bY");
          JsonObject body = firing.json();
          assertThat(body.getString("title")).isEqualTo(SampleAlerts.firing().title());
          assertThat(body.getString("message")).isEqualTo(SampleAlerts.firing().body() + "\n\n" + SampleAlerts.firing().link());
          assertThat(body.getInteger("priority")).isEqualTo(8);
          assertThat(body.getJsonObject("extras").getJsonObject("client::notification").getJsonObject("click").getString("url"))
              .isEqualTo(SampleAlerts.firing().link());
          JsonObject resolved = receiver.received().get(1).json();
          assertThat(resolved.getInteger("priority")).isEqualTo(4);
          assertThat(resolved.getJsonObject("extras").containsKey("client::notification")).isFalse();
          ctx.completeNow();
        })));
  }

  @Test
  void discordPostsOneEmbedRedWhenFiringGreenWhenResolved(Vertx vertx, VertxTestContext ctx) {
    channel = channel(vertx, new JsonObject().put("url", base + "/api/webhooks/1234/abcDEF-token").put("format", "discord"));
    channel.send(SampleAlerts.firing())
        .compose(done -> channel.send(SampleAlerts.resolved()))
        .onComplete(ctx.succeeding(done -> ctx.verify(() -> {
          FakeWebhookReceiver.Received firing = receiver.received().get(0);
          assertThat(firing.uri()).isEqualTo("/api/webhooks/1234/abcDEF-token");
          JsonObject embed = firing.json().getJsonArray("embeds").getJsonObject(0);
          assertThat(embed.getString("title")).isEqualTo(SampleAlerts.firing().title());
          assertThat(embed.getString("description")).isEqualTo(SampleAlerts.firing().body());
          assertThat(embed.getString("url")).isEqualTo(SampleAlerts.firing().link());
          assertThat(embed.getInteger("color")).isEqualTo(0xED4245);
          assertThat(embed.getString("timestamp")).isEqualTo("2025-06-15T15:06:40Z");
          assertThat(firing.json().getJsonObject("allowed_mentions").getJsonArray("parse")).isEmpty();
          assertThat(firing.json().containsKey("content")).isFalse();
          JsonObject resolved = receiver.received().get(1).json().getJsonArray("embeds").getJsonObject(0);
          assertThat(resolved.getInteger("color")).isEqualTo(0x57F287);
          assertThat(resolved.containsKey("url")).isFalse();
          assertThat(resolved.getJsonObject("footer").getString("text")).contains("resolved");
          ctx.completeNow();
        })));
  }

  @Test
  void telegramSendsMessageToTheChat(Vertx vertx, VertxTestContext ctx) {
    channel = channel(vertx, new JsonObject().put("url", base + "/bot" + TOKEN).put("format", "telegram").put("chatId", "-1001234567"));
    channel.send(SampleAlerts.firing())
        .compose(done -> channel.send(SampleAlerts.resolved()))
        .onComplete(ctx.succeeding(done -> ctx.verify(() -> {
          FakeWebhookReceiver.Received firing = receiver.received().get(0);
          assertThat(firing.uri()).isEqualTo("/bot" + TOKEN + "/sendMessage");
          JsonObject body = firing.json();
          assertThat(((Number) body.getValue("chat_id")).longValue()).isEqualTo(-1001234567L);
          assertThat(body.getString("text")).isEqualTo("🔴 " + SampleAlerts.firing().title() + "\n\n"
              + SampleAlerts.firing().body() + "\n\n" + SampleAlerts.firing().link());
          assertThat(body.getJsonObject("link_preview_options").getBoolean("is_disabled")).isTrue();
          assertThat(receiver.received().get(1).json().getString("text")).startsWith("✅ Resolved");
          ctx.completeNow();
        })));
  }

  @Test
  void longWordsAreCutToEachServicesLimits(Vertx vertx, VertxTestContext ctx) {
    AlertMessage huge = SampleAlerts.withBody("T".repeat(400), "°".repeat(5000));
    NotificationChannel discord = channel(vertx, new JsonObject().put("url", base + "/discord").put("format", "discord"));
    NotificationChannel telegram = channel(vertx, new JsonObject().put("url", base + "/bot1:x").put("format", "telegram").put("chatId", "@ops"));
    NotificationChannel ntfy = channel(vertx, new JsonObject().put("url", base + "/topic").put("format", "ntfy"));
    discord.send(huge).compose(done -> telegram.send(huge)).compose(done -> ntfy.send(huge))
        .eventually(() -> Future.all(discord.close(), telegram.close(), ntfy.close()))
        .onComplete(ctx.succeeding(done -> ctx.verify(() -> {
          List<FakeWebhookReceiver.Received> sent = receiver.received();
          JsonObject embed = sent.get(0).json().getJsonArray("embeds").getJsonObject(0);
          assertThat(embed.getString("title")).hasSize(256).endsWith("…");
          assertThat(embed.getString("description")).hasSize(4096).endsWith("…");
          JsonObject message = sent.get(1).json();
          assertThat(message.getString("chat_id")).isEqualTo("@ops");
          assertThat(message.getString("text")).hasSize(4096).endsWith("…");
          String ntfyMessage = sent.get(2).json().getString("message");
          assertThat(ntfyMessage.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(4096).isGreaterThan(4090);
          assertThat(ntfyMessage).endsWith("…");
          ctx.completeNow();
        })));
  }

  @Test
  void aServerErrorFailsNamingHostAndStatusButNoSecret(Vertx vertx, VertxTestContext ctx) {
    receiver.answer(500);
    LogCapture logs = new LogCapture();
    channel = channel(vertx, new JsonObject().put("url", base + "/bot" + TOKEN).put("format", "telegram").put("chatId", "42")
        .put("headers", new JsonObject().put("Authorization", AUTH)));
    channel.send(SampleAlerts.firing()).onComplete(ctx.failing(failure -> ctx.verify(() -> {
      logs.close();
      assertThat(failure).isInstanceOf(ChannelException.class);
      assertThat(failure.getMessage())
          .contains("webhook (telegram) to " + base.substring("http://".length()))
          .contains("HTTP 500")
          .doesNotContain(TOKEN, "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", AUTH, "tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2", "sendMessage");
      assertThat(logs.text()).contains("Webhook alerts in format telegram to 127.0.0.1")
          .doesNotContain(TOKEN, "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", "tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2");
      ctx.completeNow();
    })));
  }

  @Test
  void aRefusedConnectionFailsNamingHostButNoSecret(Vertx vertx, VertxTestContext ctx) throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    LogCapture logs = new LogCapture();
    channel = channel(vertx, new JsonObject().put("url", "http://127.0.0.1:" + closed + "/bot" + TOKEN).put("format", "telegram")
        .put("chatId", "42").put("headers", new JsonObject().put("Authorization", AUTH)));
    channel.send(SampleAlerts.firing()).onComplete(ctx.failing(failure -> ctx.verify(() -> {
      logs.close();
      assertThat(failure).isInstanceOf(ChannelException.class);
      assertThat(failure.getMessage())
          .contains("webhook (telegram) to 127.0.0.1:" + closed + " failed")
          .containsIgnoringCase("refused")
          .doesNotContain(TOKEN, "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", AUTH);
      assertThat(logs.text()).doesNotContain(TOKEN, "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", "tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2");
      ctx.completeNow();
    })));
  }

  private static NotificationChannel channel(Vertx vertx, JsonObject webhook) {
    List<NotificationChannel> channels = Channels.fromConfig(vertx, new JsonObject().put("webhook", webhook));
    assertThat(channels).extracting(NotificationChannel::name).containsExactly("webhook");
    return channels.get(0);
  }
}
