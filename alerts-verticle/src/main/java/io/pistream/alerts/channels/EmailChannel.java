package io.pistream.alerts.channels;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alerts by e-mail over SMTP. With {@code startTls} the client upgrades the connection before anything
 * else and gives up when the server does not offer STARTTLS, so the password is never sent in clear; the
 * server's certificate must chain to the JVM's trust store (or {@code caFile}) and match the host name.
 */
final class EmailChannel implements NotificationChannel {

  static final String NAME = "email";

  private static final Logger log = LoggerFactory.getLogger(EmailChannel.class);

  static final int CONNECT_TIMEOUT_MS = 30_000;
  static final int IDLE_TIMEOUT_S = 30;
  /** A slow server that keeps answering within the idle timeout still ends here. */
  static final long SEND_TIMEOUT_S = 120;

  private final EmailSettings settings;
  private final MailClient client;
  private final List<String> secrets;

  EmailChannel(Vertx vertx, EmailSettings settings) {
    this.settings = settings;
    this.client = MailClient.create(vertx, mailConfig(settings));
    this.secrets = secretForms(settings.password());
    log.info("E-mail alerts to {} through {}:{} ({}{})", settings.to(), settings.host(), settings.port(),
        settings.startTls() ? "STARTTLS required" : "no TLS", settings.login() ? ", with login" : "");
  }

  static MailConfig mailConfig(EmailSettings settings) {
    // No setHostnameVerificationAlgorithm: the mail client (5.0.7) turns on "HTTPS" itself when the algorithm
    // is left empty and TLS is in use, but resets an explicitly set one to "" (no check). EmailStartTlsTest
    // holds it to the host name check.
    MailConfig config = new MailConfig()
        .setHostname(settings.host())
        .setPort(settings.port())
        .setStarttls(settings.startTls() ? StartTLSOptions.REQUIRED : StartTLSOptions.DISABLED)
        .setLogin(settings.login() ? LoginOption.REQUIRED : LoginOption.DISABLED)
        .setConnectTimeout(CONNECT_TIMEOUT_MS)
        .setIdleTimeout(IDLE_TIMEOUT_S)
        .setIdleTimeoutUnit(TimeUnit.SECONDS)
        .setKeepAlive(false)
        .setUserAgent("pistream");
    if (settings.login()) {
      config.setUsername(settings.username()).setPassword(settings.password());
    }
    if (!settings.caPem().isEmpty()) {
      config.setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(settings.caPem(), "US-ASCII")));
    }
    return config;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Future<Void> send(AlertMessage message) {
    MailMessage mail = mail(message);
    try {
      return client.sendMail(mail)
          .timeout(SEND_TIMEOUT_S, TimeUnit.SECONDS)
          .<Void>mapEmpty()
          .recover(failure -> Future.failedFuture(failure(failure)));
    } catch (RuntimeException e) {
      return Future.failedFuture(failure(e));
    }
  }

  MailMessage mail(AlertMessage message) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
        .add("Message-ID", "<" + safeId(message.id()) + "@pistream>")
        .add("X-Pistream-Alert", safeId(message.event().id()))
        .add("X-Pistream-State", message.event().state())
        .add("Auto-Submitted", "auto-generated");
    return new MailMessage()
        .setFrom(settings.from())
        .setTo(settings.to())
        .setSubject(oneLine(message.title()))
        .setText(Texts.bodyWithLink(message))
        .setHeaders(headers);
  }

  private ChannelException failure(Throwable failure) {
    return new ChannelException("e-mail through " + settings.host() + ":" + settings.port() + " failed: "
        + Texts.oneLine(Texts.redact(Texts.why(failure), secrets), 300));
  }

  /** The password as it is, and as AUTH PLAIN and AUTH LOGIN carry it, in case a server echoes it back. */
  private List<String> secretForms(String password) {
    if (password.isEmpty()) {
      return List.of();
    }
    Base64.Encoder base64 = Base64.getEncoder();
    String plain = "\0" + settings.username() + "\0" + password;
    return List.of(password,
        base64.encodeToString(password.getBytes(StandardCharsets.UTF_8)),
        base64.encodeToString(plain.getBytes(StandardCharsets.UTF_8)));
  }

  private static String oneLine(String text) {
    return text.replaceAll("[\\r\\n]+", " ");
  }

  /** Fit for the left part of a Message-ID. */
  static String safeId(String id) {
    return id.replaceAll("[^A-Za-z0-9._-]", "-");
  }

  @Override
  public Future<Void> close() {
    return client.close();
  }
}
