package io.pistream.alerts.channels;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Alerts to a webhook: one POST per message, in the body the configured service expects. */
final class WebhookChannel implements NotificationChannel {

  static final String NAME = "webhook";

  private static final Logger log = LoggerFactory.getLogger(WebhookChannel.class);

  static final int CONNECT_TIMEOUT_MS = 30_000;
  static final long IDLE_TIMEOUT_MS = 30_000;
  static final long SEND_TIMEOUT_S = 60;
  private static final int QUOTED_ANSWER_CHARS = 200;

  private final WebhookSettings settings;
  private final WebClient client;
  private final List<String> secrets;

  WebhookChannel(Vertx vertx, WebhookSettings settings) {
    this.settings = settings;
    WebClientOptions options = new WebClientOptions()
        .setConnectTimeout(CONNECT_TIMEOUT_MS)
        .setUserAgent("pistream-alerts")
        .setFollowRedirects(false);
    if (!settings.caPem().isEmpty()) {
      options.setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(settings.caPem(), "US-ASCII")));
    }
    this.client = WebClient.create(vertx, options);
    this.secrets = secrets(settings);
    log.info("Webhook alerts in format {} to {}", settings.format().key(), settings.where());
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Future<Void> send(AlertMessage message) {
    Future<HttpResponse<Buffer>> answer;
    try {
      HttpRequest<Buffer> request = client.postAbs(settings.target())
          .connectTimeout(CONNECT_TIMEOUT_MS)
          .idleTimeout(IDLE_TIMEOUT_MS);
      settings.headers().forEach(request::putHeader);
      answer = request.sendJsonObject(WebhookPayloads.body(settings, message));
    } catch (RuntimeException e) {
      return Future.failedFuture(failure("failed: " + Texts.why(e)));
    }
    return answer.timeout(SEND_TIMEOUT_S, TimeUnit.SECONDS).transform(sent -> {
      if (sent.failed()) {
        return Future.failedFuture(failure("failed: " + Texts.why(sent.cause())));
      }
      HttpResponse<Buffer> response = sent.result();
      if (response.statusCode() / 100 == 2) {
        return Future.succeededFuture();
      }
      String quoted = response.body() == null ? "" : Texts.oneLine(response.bodyAsString(), QUOTED_ANSWER_CHARS);
      return Future.failedFuture(failure("answered HTTP " + response.statusCode() + (quoted.isEmpty() ? "" : ": " + quoted)));
    });
  }

  private ChannelException failure(String what) {
    return new ChannelException("webhook (" + settings.format().key() + ") to " + settings.where() + " "
        + Texts.redact(Texts.oneLine(what, 400), secrets));
  }

  /** What a failure's words must not repeat: the header values, the URLs' paths and queries, raw and decoded. */
  private static List<String> secrets(WebhookSettings settings) {
    List<String> secrets = new ArrayList<>(settings.headers().values());
    URI target = URI.create(settings.target());
    for (String part : new String[] {settings.url().getRawPath(), settings.url().getRawQuery(), target.getRawPath(), target.getRawQuery()}) {
      if (part != null && part.length() > 1) {
        secrets.add(part);
        secrets.add(URLDecoder.decode(part, StandardCharsets.UTF_8));
        for (String piece : part.split("[/?&=]")) {
          secrets.add(piece);
        }
      }
    }
    if (!settings.topic().isEmpty()) {
      secrets.add(settings.topic());
    }
    secrets.sort((a, b) -> b.length() - a.length());
    return List.copyOf(secrets);
  }

  @Override
  public Future<Void> close() {
    client.close();
    return Future.succeededFuture();
  }
}
