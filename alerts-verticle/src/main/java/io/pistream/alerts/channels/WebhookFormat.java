package io.pistream.alerts.channels;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The body a webhook receives: pistream's own JSON, or what one of the push services expects. */
enum WebhookFormat {
  /** The alert event's JSON plus the notification's id, title, body, link and delayed flag. */
  JSON,
  /** ntfy's JSON publish, POSTed to the server's root with the topic in the body. */
  NTFY,
  /** Gotify's {@code POST /message}. */
  GOTIFY,
  /** Discord's execute-webhook JSON with one embed. */
  DISCORD,
  /** Telegram Bot API {@code sendMessage}. */
  TELEGRAM;

  String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  static List<String> keys() {
    return Arrays.stream(values()).map(WebhookFormat::key).toList();
  }

  static WebhookFormat of(String key) {
    return valueOf(key.toUpperCase(Locale.ROOT));
  }
}
