package io.pistream.sensor;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Records what is published on one address, so a test can wait for the message it expects instead of
 * sleeping. {@link #next} looks at messages after the last one it matched, in order.
 */
final class BusRecorder {

  private record Waiter(Predicate<JsonObject> matches, Promise<JsonObject> promise) {
  }

  private final List<JsonObject> messages = new ArrayList<>();
  private final List<Waiter> waiters = new ArrayList<>();
  private final MessageConsumer<JsonObject> consumer;
  private int cursor;

  private BusRecorder(Vertx vertx, String address) {
    consumer = vertx.eventBus().consumer(address, msg -> received(msg.body()));
  }

  static Future<BusRecorder> on(Vertx vertx, String address) {
    BusRecorder recorder = new BusRecorder(vertx, address);
    return recorder.consumer.completion().map(v -> recorder);
  }

  /** The first message after the last matched one that satisfies the predicate, now or when it comes. */
  synchronized Future<JsonObject> next(Predicate<JsonObject> matches) {
    for (int i = cursor; i < messages.size(); i++) {
      if (matches.test(messages.get(i))) {
        cursor = i + 1;
        return Future.succeededFuture(messages.get(i));
      }
    }
    cursor = messages.size();
    Promise<JsonObject> promise = Promise.promise();
    waiters.add(new Waiter(matches, promise));
    return promise.future();
  }

  synchronized List<JsonObject> all() {
    return List.copyOf(messages);
  }

  /** Forgets what came so far: {@link #next} only looks at later messages. */
  synchronized void skipAll() {
    cursor = messages.size();
  }

  private void received(JsonObject body) {
    List<Waiter> satisfied = new ArrayList<>();
    synchronized (this) {
      messages.add(body);
      Iterator<Waiter> it = waiters.iterator();
      while (it.hasNext()) {
        Waiter waiter = it.next();
        if (waiter.matches.test(body)) {
          it.remove();
          cursor = messages.size();
          satisfied.add(waiter);
        }
      }
    }
    // Completed outside the lock: a waiter's continuation may call next() for the following message.
    satisfied.forEach(waiter -> waiter.promise.complete(body));
  }
}
