package io.pistream.alerts.channels;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Builds the notification channels the {@code alerts} config section turns on ({@code alerts.email},
 * {@code alerts.webhook}). Placeholder until the channels land: none configured.
 */
public final class Channels {

  /** @throws io.pistream.contracts.ConfigException naming the setting that is wrong */
  public static List<NotificationChannel> fromConfig(Vertx vertx, JsonObject alerts) {
    return List.of();
  }

  private Channels() {
  }
}
