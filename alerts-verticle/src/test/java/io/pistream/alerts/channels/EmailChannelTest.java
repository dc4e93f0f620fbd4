package io.pistream.alerts.channels;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Plain SMTP against GreenMail, which offers no STARTTLS: a local relay, with and without login. */
@ExtendWith(VertxExtension.class)
class EmailChannelTest {

  private static final String PASSWORD = "gm-App-Pass-93";

  @RegisterExtension
  static final GreenMailExtension greenMail = new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort())
      .withConfiguration(GreenMailConfiguration.aConfig().withUser("pi@example.com", "pi", PASSWORD));

  @TempDir
  Path dir;

  private NotificationChannel channel;

  @AfterEach
  void closeChannel() {
    if (channel != null) {
      channel.close().await();
    }
  }

  @Test
  void aLocalRelayGetsTheMailWithSubjectBodyFromAndTo(Vertx vertx, VertxTestContext ctx) {
    channel = channel(vertx, relay().put("to", new JsonArray().add("ops@example.com").add("Night Shift <night@example.com>")));
    channel.send(SampleAlerts.firing()).onComplete(ctx.succeeding(done -> ctx.verify(() -> {
      MimeMessage[] received = greenMail.getReceivedMessages();
      assertThat(received).hasSize(2);
      MimeMessage mail = received[0];
      assertThat(mail.getSubject()).isEqualTo(SampleAlerts.firing().title());
      assertThat(mail.getFrom()[0].toString()).isEqualTo("Pistream <pi@example.com>");
      assertThat(Arrays.stream(mail.getRecipients(Message.RecipientType.TO)).map(Object::toString))
          .containsExactly("ops@example.com", "Night Shift <night@example.com>");
      String text = String.valueOf(mail.getContent()).replace("\r\n", "\n");
      assertThat(text).contains(SampleAlerts.firing().body()).contains("\n\n" + SampleAlerts.firing().link());
      assertThat(mail.getMessageID()).isEqualTo("<n-7-1@pistream>");
      assertThat(mail.getHeader("X-Pistream-State")).containsExactly("firing");
      assertThat(mail.getHeader("Auto-Submitted")).containsExactly("auto-generated");
      ctx.completeNow();
    })));
  }

  @Test
  void logsInWithThePasswordFromItsFile(Vertx vertx, VertxTestContext ctx) throws IOException {
    Path file = Files.writeString(dir.resolve("smtp.pw"), PASSWORD + "\n");
    channel = channel(vertx, relay().put("username", "pi").put("passwordFile", file.toString()));
    channel.send(SampleAlerts.resolved()).onComplete(ctx.succeeding(done -> ctx.verify(() -> {
      assertThat(greenMail.getReceivedMessages()).hasSize(1);
      assertThat(greenMail.getReceivedMessages()[0].getSubject()).isEqualTo(SampleAlerts.resolved().title());
      ctx.completeNow();
    })));
  }

  @Test
  void aWrongPasswordFailsWithoutQuotingIt(Vertx vertx, VertxTestContext ctx) throws IOException {
    Path file = Files.writeString(dir.resolve("smtp.pw"), "Wrong-Pass-17\n");
    LogCapture logs = new LogCapture();
    channel = channel(vertx, relay().put("username", "pi").put("passwordFile", file.toString()));
    channel.send(SampleAlerts.firing()).onComplete(ctx.failing(failure -> ctx.verify(() -> {
      logs.close();
      assertThat(failure).isInstanceOf(ChannelException.class);
      assertThat(failure.getMessage()).startsWith("e-mail through 127.0.0.1:" + port() + " failed: ").doesNotContain("Wrong-Pass-17");
      assertThat(logs.text()).doesNotContain("Wrong-Pass-17");
      assertThat(greenMail.getReceivedMessages()).isEmpty();
      ctx.completeNow();
    })));
  }

  @Test
  void startTlsRequiredFailsAgainstAServerWithoutIt(Vertx vertx, VertxTestContext ctx) {
    channel = channel(vertx, relay().put("startTls", true).put("username", "pi").put("password", PASSWORD));
    channel.send(SampleAlerts.firing()).onComplete(ctx.failing(failure -> ctx.verify(() -> {
      assertThat(failure.getMessage()).contains("127.0.0.1:" + port()).contains("STARTTLS").doesNotContain(PASSWORD);
      assertThat(greenMail.getReceivedMessages()).isEmpty();
      ctx.completeNow();
    })));
  }

  @Test
  void aServerThatIsDownFailsTheSend(Vertx vertx, VertxTestContext ctx) throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    channel = channel(vertx, relay().put("port", closed));
    channel.send(SampleAlerts.firing()).onComplete(ctx.failing(failure -> ctx.verify(() -> {
      assertThat(failure).isInstanceOf(ChannelException.class);
      assertThat(failure.getMessage()).startsWith("e-mail through 127.0.0.1:" + closed + " failed: ").containsIgnoringCase("refused");
      ctx.completeNow();
    })));
  }

  private static int port() {
    return greenMail.getSmtp().getPort();
  }

  private static JsonObject relay() {
    return new JsonObject().put("host", "127.0.0.1").put("port", port()).put("startTls", false)
        .put("from", "Pistream <pi@example.com>").put("to", "ops@example.com");
  }

  private static NotificationChannel channel(Vertx vertx, JsonObject email) {
    List<NotificationChannel> channels = Channels.fromConfig(vertx, new JsonObject().put("email", email));
    assertThat(channels).extracting(NotificationChannel::name).containsExactly("email");
    return channels.get(0);
  }
}
