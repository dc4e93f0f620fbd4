package io.pistream.alerts;

import io.pistream.alerts.channels.AlertMessage;
import io.pistream.alerts.channels.NotificationChannel;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A channel that records what it is given and fails on demand, like a mail server that is away. */
final class FakeChannel implements NotificationChannel {

  private record Waiter(Predicate<AlertMessage> matches, Promise<AlertMessage> promise) {
  }

  private final String name;
  private final List<AlertMessage> sent = new ArrayList<>();
  private final List<Waiter> waiters = new ArrayList<>();
  private volatile boolean failing;
  private int attempts;

  FakeChannel(String name) {
    this.name = name;
  }

  void failing(boolean fail) {
    failing = fail;
  }

  synchronized List<AlertMessage> sent() {
    return List.copyOf(sent);
  }

  synchronized int attempts() {
    return attempts;
  }

  /** The first message sent (before or after this call) that matches. */
  synchronized Future<AlertMessage> next(Predicate<AlertMessage> matches) {
    for (AlertMessage message : sent) {
      if (matches.test(message)) {
        return Future.succeededFuture(message);
      }
    }
    Promise<AlertMessage> promise = Promise.promise();
    waiters.add(new Waiter(matches, promise));
    return promise.future();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Future<Void> send(AlertMessage message) {
    List<Waiter> satisfied = new ArrayList<>();
    synchronized (this) {
      attempts++;
      if (failing) {
        return Future.failedFuture("connection refused by " + name + " (fake)");
      }
      sent.add(message);
      waiters.removeIf(waiter -> {
        if (waiter.matches().test(message)) {
          satisfied.add(waiter);
          return true;
        }
        return false;
      });
    }
    satisfied.forEach(waiter -> waiter.promise().complete(message));
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }
}
