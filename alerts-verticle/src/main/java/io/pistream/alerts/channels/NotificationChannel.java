package io.pistream.alerts.channels;

import io.vertx.core.Future;

/**
 * A way to reach people: e-mail, a webhook. A channel makes one attempt per call; keeping a message
 * that could not be sent and trying again later is the outbox's work, so that it survives restarts.
 */
public interface NotificationChannel {

  /** Short and stable, used in logs, counters and the outbox: {@code email}, {@code webhook}. */
  String name();

  /**
   * Sends one message, once. Fails when the service did not take it (unreachable, refused, 5xx); the
   * failure's message says why in words fit for a log line, never with a secret in it.
   */
  Future<Void> send(AlertMessage message);

  /** Releases clients and connections. */
  Future<Void> close();
}
