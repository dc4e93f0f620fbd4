package io.pistream.alerts.channels;

import io.pistream.contracts.ConfigReader;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the notification channels the {@code alerts} config section turns on: {@code alerts.email} when
 * its {@code host} is set, {@code alerts.webhook} when its {@code url} is set, both, or none.
 *
 * <p>Reads the password and CA files named in the config at once, so call it at deploy time (from the
 * verticle's {@code start}), not per message.
 */
public final class Channels {

  /** @throws io.pistream.contracts.ConfigException naming the setting that is wrong */
  public static List<NotificationChannel> fromConfig(Vertx vertx, JsonObject alerts) {
    ConfigReader section = new ConfigReader(alerts, "alerts");
    EmailSettings email = EmailSettings.from(section.section("email"));
    WebhookSettings webhook = WebhookSettings.from(section.section("webhook"));
    List<NotificationChannel> channels = new ArrayList<>();
    if (email != null) {
      channels.add(new EmailChannel(vertx, email));
    }
    if (webhook != null) {
      channels.add(new WebhookChannel(vertx, webhook));
    }
    return List.copyOf(channels);
  }

  private Channels() {
  }
}
