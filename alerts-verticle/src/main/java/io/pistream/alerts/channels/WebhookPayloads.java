package io.pistream.alerts.channels;

import io.pistream.contracts.AlertEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * The JSON body of each webhook format. Firing and resolved differ at a glance in every service: tags and
 * priority in ntfy, priority in gotify, colour in Discord, the leading mark in Telegram.
 */
final class WebhookPayloads {

  /** ntfy turns a longer message into an attachment. */
  static final int NTFY_MESSAGE_BYTES = 4096;
  static final int NTFY_TITLE_CHARS = 250;
  static final int NTFY_PRIORITY_FIRING = 4;
  static final int NTFY_PRIORITY_RESOLVED = 3;

  /** Gotify documents no length limit; a cap keeps a runaway body from filling its database. */
  static final int GOTIFY_MESSAGE_CHARS = 10_000;
  static final int GOTIFY_TITLE_CHARS = 250;
  /** Gotify's Android app pops up 8 and above, and notifies quietly from 4. */
  static final int GOTIFY_PRIORITY_FIRING = 8;
  static final int GOTIFY_PRIORITY_RESOLVED = 4;

  /** Discord's embed limits: title 256, description 4096, footer 2048, all text of a message 6000. */
  static final int DISCORD_TITLE_CHARS = 256;
  static final int DISCORD_DESCRIPTION_CHARS = 4096;
  static final int DISCORD_FOOTER_CHARS = 256;
  static final int DISCORD_RED = 0xED4245;
  static final int DISCORD_GREEN = 0x57F287;

  /** Telegram's sendMessage takes 1-4096 characters of text. */
  static final int TELEGRAM_TEXT_CHARS = 4096;
  static final String TELEGRAM_FIRING_MARK = "🔴";
  static final String TELEGRAM_RESOLVED_MARK = "✅";

  static JsonObject body(WebhookSettings settings, AlertMessage message) {
    return switch (settings.format()) {
      case JSON -> json(message);
      case NTFY -> ntfy(settings.topic(), message);
      case GOTIFY -> gotify(message);
      case DISCORD -> discord(message);
      case TELEGRAM -> telegram(settings.chatId(), message);
    };
  }

  static JsonObject json(AlertMessage message) {
    return message.event().toJson()
        .put("alertId", message.event().id())
        .put("id", message.id())
        .put("title", message.title())
        .put("body", message.body())
        .put("link", link(message))
        .put("delayed", message.delayed());
  }

  static JsonObject ntfy(String topic, AlertMessage message) {
    JsonObject body = new JsonObject()
        .put("topic", topic)
        .put("title", Texts.truncate(message.title(), NTFY_TITLE_CHARS))
        .put("message", Texts.truncateUtf8(message.body(), NTFY_MESSAGE_BYTES))
        .put("tags", new JsonArray().add(message.resolved() ? "white_check_mark" : "rotating_light"))
        .put("priority", message.resolved() ? NTFY_PRIORITY_RESOLVED : NTFY_PRIORITY_FIRING);
    if (!link(message).isEmpty()) {
      body.put("click", link(message));
    }
    return body;
  }

  static JsonObject gotify(AlertMessage message) {
    JsonObject extras = new JsonObject()
        .put("client::display", new JsonObject().put("contentType", "text/plain"));
    if (!link(message).isEmpty()) {
      extras.put("client::notification", new JsonObject().put("click", new JsonObject().put("url", link(message))));
    }
    return new JsonObject()
        .put("title", Texts.truncate(message.title(), GOTIFY_TITLE_CHARS))
        .put("message", Texts.truncate(Texts.bodyWithLink(message), GOTIFY_MESSAGE_CHARS))
        .put("priority", message.resolved() ? GOTIFY_PRIORITY_RESOLVED : GOTIFY_PRIORITY_FIRING)
        .put("extras", extras);
  }

  static JsonObject discord(AlertMessage message) {
    AlertEvent event = message.event();
    long at = message.resolved() && event.resolvedAt() > 0 ? event.resolvedAt() : event.firedAt();
    JsonObject embed = new JsonObject()
        .put("title", Texts.truncate(message.title(), DISCORD_TITLE_CHARS))
        .put("description", Texts.truncate(message.body(), DISCORD_DESCRIPTION_CHARS))
        .put("color", message.resolved() ? DISCORD_GREEN : DISCORD_RED)
        .put("footer", new JsonObject().put("text", Texts.truncate("pistream · " + event.rule() + " · " + event.state(), DISCORD_FOOTER_CHARS)));
    if (at > 0) {
      embed.put("timestamp", Instant.ofEpochMilli(at).toString());
    }
    if (!link(message).isEmpty()) {
      embed.put("url", link(message));
    }
    return new JsonObject()
        .put("embeds", new JsonArray().add(embed))
        .put("allowed_mentions", new JsonObject().put("parse", new JsonArray()));
  }

  static JsonObject telegram(String chatId, AlertMessage message) {
    String mark = message.resolved() ? TELEGRAM_RESOLVED_MARK : TELEGRAM_FIRING_MARK;
    String text = mark + " " + message.title() + "\n\n" + Texts.bodyWithLink(message);
    return new JsonObject()
        .put("chat_id", chatId(chatId))
        .put("text", Texts.truncate(text, TELEGRAM_TEXT_CHARS))
        .put("link_preview_options", new JsonObject().put("is_disabled", true));
  }

  /** Telegram takes an integer id or an {@code @username}. */
  private static Object chatId(String chatId) {
    try {
      return Long.parseLong(chatId);
    } catch (NumberFormatException e) {
      return chatId;
    }
  }

  private static String link(AlertMessage message) {
    return message.link() == null ? "" : message.link();
  }

  private WebhookPayloads() {
  }
}
