package io.pistream.alerts.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pistream.contracts.ConfigException;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ChannelsConfigTest {

  private static final String SECRET = "s3cr3t-Value-42";

  @TempDir
  Path dir;

  private Vertx vertx;

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void closeVertx() {
    vertx.close().await();
  }

  @Test
  void noSectionsNoChannels() {
    assertThat(Channels.fromConfig(vertx, new JsonObject())).isEmpty();
    assertThat(Channels.fromConfig(vertx, null)).isEmpty();
    assertThat(Channels.fromConfig(vertx, new JsonObject()
        .put("email", new JsonObject().put("host", "").put("from", "x"))
        .put("webhook", new JsonObject().put("url", " ")))).isEmpty();
  }

  @Test
  void bothChannelsOn() {
    List<NotificationChannel> channels = Channels.fromConfig(vertx, new JsonObject()
        .put("email", email())
        .put("webhook", new JsonObject().put("url", "https://ntfy.sh/pistream-test").put("format", "ntfy")));
    assertThat(channels).extracting(NotificationChannel::name).containsExactly("email", "webhook");
    channels.forEach(channel -> channel.close().await());
  }

  @Test
  void emailDefaults() {
    EmailSettings settings = EmailSettings.from(reader("email", new JsonObject()
        .put("host", "smtp.example.com").put("from", "pi@example.com").put("to", "ops@example.com")));
    assertThat(settings.port()).isEqualTo(587);
    assertThat(settings.startTls()).isTrue();
    assertThat(settings.login()).isFalse();
    assertThat(settings.to()).containsExactly("ops@example.com");
    assertThat(settings.caPem()).isEmpty();
  }

  @Test
  void recipientsAsListOrCommaSeparated() {
    assertThat(EmailSettings.from(reader("email", email().put("to", new JsonArray().add("a@example.com").add("b@example.com")))).to())
        .containsExactly("a@example.com", "b@example.com");
    assertThat(EmailSettings.from(reader("email", email().put("to", "a@example.com, Ops <b@example.com>"))).to())
        .containsExactly("a@example.com", "Ops <b@example.com>");
  }

  @Test
  void passwordFromFileTrimsTheTrailingNewline() throws IOException {
    Path file = Files.writeString(dir.resolve("smtp.pw"), SECRET + "\n");
    EmailSettings settings = EmailSettings.from(reader("email", email().put("username", "pi").put("passwordFile", file.toString())));
    assertThat(settings.password()).isEqualTo(SECRET);
    assertThat(settings.toString()).doesNotContain(SECRET);
  }

  @Test
  void passwordFromTheLauncherWinsOverTheFile() throws IOException {
    Path file = Files.writeString(dir.resolve("smtp.pw"), "from-file\n");
    EmailSettings settings = EmailSettings.from(reader("email", email()
        .put("username", "pi").put("passwordFile", file.toString()).put("password", SECRET)));
    assertThat(settings.password()).isEqualTo(SECRET);
  }

  @Test
  void loginWithoutTlsOnlyToALocalRelay() {
    EmailSettings local = EmailSettings.from(reader("email", email()
        .put("host", "127.0.0.1").put("startTls", false).put("username", "pi").put("password", SECRET)));
    assertThat(local.login()).isTrue();
    assertThatThrownBy(() -> EmailSettings.from(reader("email", email()
        .put("startTls", false).put("username", "pi").put("password", SECRET))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("alerts.email.startTls is false")
        .hasMessageNotContaining(SECRET);
  }

  @Test
  void webhookTargetsPerFormat() {
    assertThat(webhook("https://ntfy.sh/pistream-x7", "ntfy").target()).isEqualTo("https://ntfy.sh/");
    assertThat(webhook("https://ntfy.sh/pistream-x7", "ntfy").topic()).isEqualTo("pistream-x7");
    assertThat(webhook("https://example.com/ntfy/alerts/?auth=abc", "ntfy").target()).isEqualTo("https://example.com/ntfy/?auth=abc");
    assertThat(webhook("https://push.example.com", "gotify").target()).isEqualTo("https://push.example.com/message");
    assertThat(webhook("https://push.example.com/message?token=abc", "gotify").target()).isEqualTo("https://push.example.com/message?token=abc");
    assertThat(webhook("https://api.telegram.org/bot1:ABC", "telegram").target()).isEqualTo("https://api.telegram.org/bot1:ABC/sendMessage");
    assertThat(webhook("https://api.telegram.org/bot1:ABC/sendMessage", "telegram").target()).isEqualTo("https://api.telegram.org/bot1:ABC/sendMessage");
    assertThat(webhook("https://discord.com/api/webhooks/1/tok", "discord").target()).isEqualTo("https://discord.com/api/webhooks/1/tok");
    assertThat(webhook("http://127.0.0.1:8080/hook", null).format()).isEqualTo(WebhookFormat.JSON);
    assertThat(webhook("https://api.telegram.org/bot1:ABC", "telegram").toString()).doesNotContain("ABC");
  }

  static Stream<Arguments> badSettings() {
    return Stream.of(
        Arguments.of(new JsonObject().put("email", "smtp.example.com"), "alerts.email must be a section"),
        Arguments.of(section("email", email().put("port", 0)), "alerts.email.port must be between 1 and 65535, got 0"),
        Arguments.of(section("email", email().put("port", 70000)), "alerts.email.port must be between 1 and 65535"),
        Arguments.of(section("email", email().put("port", "smtp")), "alerts.email.port must be a number"),
        Arguments.of(section("email", email().put("host", "smtp://smtp.example.com")), "alerts.email.host must be a host name"),
        Arguments.of(section("email", email().put("host", "smtp.example.com:587")), "alerts.email.host must be a host name"),
        Arguments.of(section("email", email().put("startTls", "maybe")), "alerts.email.startTls must be true or false"),
        Arguments.of(section("email", email().putNull("from")), "alerts.email.from is required"),
        Arguments.of(section("email", email().put("from", "pistream")), "alerts.email.from must be an e-mail address"),
        Arguments.of(section("email", email().putNull("to")), "alerts.email.to is required"),
        Arguments.of(section("email", email().put("to", new JsonArray())), "alerts.email.to is required"),
        Arguments.of(section("email", email().put("to", "ops at example.com")), "alerts.email.to must hold e-mail addresses"),
        Arguments.of(section("email", email().put("username", "pi")), "alerts.email.username is set but there is no password"),
        Arguments.of(section("email", email().put("username", "pi").put("passwordFile", "/nonexistent/smtp.pw")),
            "alerts.email.passwordFile cannot be read: /nonexistent/smtp.pw"),
        Arguments.of(section("email", email().put("caFile", "/nonexistent/ca.pem")), "alerts.email.caFile cannot be read: /nonexistent/ca.pem"),
        Arguments.of(new JsonObject().put("webhook", new JsonArray()), "alerts.webhook must be a section"),
        Arguments.of(section("webhook", new JsonObject().put("url", "ftp://example.com/" + SECRET)), "alerts.webhook.url must be an http or https URL"),
        Arguments.of(section("webhook", new JsonObject().put("url", "example.com/" + SECRET)), "alerts.webhook.url must be an http or https URL"),
        Arguments.of(section("webhook", new JsonObject().put("url", "https://exa mple.com/" + SECRET)), "alerts.webhook.url must be an http or https URL"),
        Arguments.of(section("webhook", new JsonObject().put("url", "https://pi:" + SECRET + "@example.com/")), "alerts.webhook.url must not hold a user name"),
        Arguments.of(section("webhook", new JsonObject().put("url", "https://example.com/").put("format", "slack")),
            "alerts.webhook.format must be one of json, ntfy, gotify, discord, telegram, got 'slack'"),
        Arguments.of(section("webhook", new JsonObject().put("url", "https://ntfy.sh/").put("format", "ntfy")),
            "alerts.webhook.url must end with the topic for format ntfy"),
        Arguments.of(section("webhook", new JsonObject().put("url", "https://api.telegram.org/bot1:" + SECRET).put("format", "telegram")),
            "alerts.webhook.chatId is required for format telegram"),
        Arguments.of(section("webhook", new JsonObject().put("url", "https://example.com/").put("headers", "Authorization: " + SECRET)),
            "alerts.webhook.headers must be a section"),
        Arguments.of(section("webhook", new JsonObject().put("url", "https://example.com/")
            .put("headers", new JsonObject().put("Authorization", "Bearer " + SECRET + "\r\nX-Evil: 1"))),
            "alerts.webhook.headers.Authorization must be one line"),
        Arguments.of(section("webhook", new JsonObject().put("url", "https://example.com/")
            .put("headers", new JsonObject().put("Authorization", new JsonObject().put("token", SECRET)))),
            "alerts.webhook.headers.Authorization must be a single value"),
        Arguments.of(section("webhook", new JsonObject().put("url", "https://example.com/")
            .put("headers", new JsonObject().put("Bad Header", SECRET))),
            "alerts.webhook.headers has a header name that is not a valid HTTP token"));
  }

  @ParameterizedTest
  @MethodSource("badSettings")
  void badSettingsNameThePathAndNoSecret(JsonObject alerts, String expected) {
    assertThatThrownBy(() -> Channels.fromConfig(vertx, alerts))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(expected)
        .hasMessageNotContaining(SECRET);
  }

  @Test
  void emptyPasswordFileAndNonPemCaFileAreRejected() throws IOException {
    Path empty = Files.writeString(dir.resolve("empty.pw"), "\n");
    assertThatThrownBy(() -> EmailSettings.from(reader("email", email().put("username", "pi").put("passwordFile", empty.toString()))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("alerts.email.passwordFile is empty");
    Path notPem = Files.writeString(dir.resolve("ca.pem"), "not a certificate");
    assertThatThrownBy(() -> EmailSettings.from(reader("email", email().put("caFile", notPem.toString()))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("alerts.email.caFile must hold PEM certificates");
  }

  private static JsonObject email() {
    return new JsonObject().put("host", "smtp.example.com").put("from", "pi@example.com").put("to", "ops@example.com");
  }

  private static JsonObject section(String key, JsonObject value) {
    return new JsonObject().put(key, value);
  }

  private static io.pistream.contracts.ConfigReader reader(String key, JsonObject value) {
    return new io.pistream.contracts.ConfigReader(value, "alerts." + key);
  }

  private static WebhookSettings webhook(String url, String format) {
    JsonObject json = new JsonObject().put("url", url).put("chatId", "-100123");
    if (format != null) {
      json.put("format", format);
    }
    return WebhookSettings.from(reader("webhook", json));
  }
}
