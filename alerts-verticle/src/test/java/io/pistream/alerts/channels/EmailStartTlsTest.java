package io.pistream.alerts.channels;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** STARTTLS required, against a TLS-capable SMTP stub: the password only ever crosses inside TLS. */
@ExtendWith(VertxExtension.class)
class EmailStartTlsTest {

  private static final String PASSWORD = "App-Pass-Over-TLS-61";

  @TempDir
  static Path dir;

  private static TestCertificate loopback;
  private static TestCertificate otherHost;

  private FakeSmtpServer server;
  private NotificationChannel channel;

  @BeforeAll
  static void makeCertificates() throws Exception {
    loopback = TestCertificate.create(dir, "loopback", "ip:127.0.0.1,dns:localhost");
    otherHost = TestCertificate.create(dir, "other", "dns:mail.other.example");
  }

  @AfterEach
  void close() throws Exception {
    if (channel != null) {
      channel.close().await();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void deliversAfterStartTlsAndLogsInOnlyInsideTls(Vertx vertx, VertxTestContext ctx) throws Exception {
    server = new FakeSmtpServer(loopback.serverContext(), true, "pi@example.com", PASSWORD);
    Path passwordFile = Files.writeString(dir.resolve("smtp.pw"), PASSWORD + "\n");
    channel = channel(vertx, email(loopback).put("username", "pi@example.com").put("passwordFile", passwordFile.toString()));
    channel.send(SampleAlerts.firing()).onComplete(ctx.succeeding(done -> ctx.verify(() -> {
      assertThat(server.messages()).hasSize(1);
      assertThat(server.messages().get(0)).contains("Message-ID: <n-7-1@pistream>").contains("To: ops@example.com");
      List<String> inClear = server.lines().stream().filter(line -> !line.tls()).map(FakeSmtpServer.Line::text).toList();
      assertThat(inClear).hasSize(2);
      assertThat(inClear.get(0)).startsWith("EHLO ");
      assertThat(inClear.get(1)).isEqualTo("STARTTLS");
      assertThat(server.lines()).filteredOn(line -> line.text().startsWith("AUTH")).allMatch(FakeSmtpServer.Line::tls).isNotEmpty();
      assertThat(server.lines()).filteredOn(line -> line.text().startsWith("MAIL FROM")).allMatch(FakeSmtpServer.Line::tls).hasSize(1);
      ctx.completeNow();
    })));
  }

  @Test
  void aServerWithoutStartTlsNeverSeesThePassword(Vertx vertx, VertxTestContext ctx) throws Exception {
    server = new FakeSmtpServer(loopback.serverContext(), false, "pi@example.com", PASSWORD);
    channel = channel(vertx, email(loopback).put("username", "pi@example.com").put("password", PASSWORD));
    channel.send(SampleAlerts.firing()).onComplete(ctx.failing(failure -> ctx.verify(() -> {
      assertThat(failure.getMessage()).startsWith("e-mail through 127.0.0.1:" + server.port() + " failed: ").contains("STARTTLS");
      assertThat(server.lines()).extracting(FakeSmtpServer.Line::text).noneMatch(text -> text.startsWith("AUTH") || text.startsWith("MAIL"));
      assertThat(server.messages()).isEmpty();
      ctx.completeNow();
    })));
  }

  @Test
  void anUntrustedCertificateFailsBeforeLogin(Vertx vertx, VertxTestContext ctx) throws Exception {
    server = new FakeSmtpServer(loopback.serverContext(), true, "pi@example.com", PASSWORD);
    JsonObject noCa = email(loopback).put("username", "pi@example.com").put("password", PASSWORD);
    noCa.remove("caFile");
    channel = channel(vertx, noCa);
    channel.send(SampleAlerts.firing()).onComplete(ctx.failing(failure -> ctx.verify(() -> {
      assertThat(failure).isInstanceOf(ChannelException.class);
      assertThat(failure.getMessage()).startsWith("e-mail through 127.0.0.1:" + server.port() + " failed: ").doesNotContain(PASSWORD);
      assertThat(server.lines()).extracting(FakeSmtpServer.Line::text).noneMatch(text -> text.startsWith("AUTH") || text.startsWith("MAIL"));
      ctx.completeNow();
    })));
  }

  @Test
  void aCertificateForAnotherHostFailsBeforeLogin(Vertx vertx, VertxTestContext ctx) throws Exception {
    server = new FakeSmtpServer(otherHost.serverContext(), true, "pi@example.com", PASSWORD);
    channel = channel(vertx, email(otherHost).put("username", "pi@example.com").put("password", PASSWORD));
    channel.send(SampleAlerts.firing()).onComplete(ctx.failing(failure -> ctx.verify(() -> {
      assertThat(failure).isInstanceOf(ChannelException.class);
      assertThat(server.lines()).extracting(FakeSmtpServer.Line::text).noneMatch(text -> text.startsWith("AUTH") || text.startsWith("MAIL"));
      ctx.completeNow();
    })));
  }

  private JsonObject email(TestCertificate trusted) {
    return new JsonObject().put("host", "127.0.0.1").put("port", server.port()).put("caFile", trusted.pem().toString())
        .put("from", "pi@example.com").put("to", "ops@example.com");
  }

  private static NotificationChannel channel(Vertx vertx, JsonObject email) {
    List<NotificationChannel> channels = Channels.fromConfig(vertx, new JsonObject().put("email", email));
    return channels.get(0);
  }
}
