package io.pistream.testing;

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
 * Records the bodies of what is published or sent on one address, so a test can wait for the message it
 * expects instead of sleeping. {@link #next} looks at messages after the last one it matched, in order.
 */
public final class BusRecorder<T> {

  private record Waiter<T>(Predicate<? super T> matches, Promise<T> promise) {
  }

  private final List<T> messages = new ArrayList<>();
  private final List<Waiter<T>> waiters = new ArrayList<>();
  private final MessageConsumer<Object> consumer;
  private int cursor;

  private BusRecorder(Vertx vertx, String address, Class<T> bodyType) {
    consumer = vertx.eventBus().consumer(address, msg -> received(bodyType.cast(msg.body())));
  }

  /** Records JSON bodies; the future completes once the consumer is registered. */
  public static Future<BusRecorder<JsonObject>> on(Vertx vertx, String address) {
    return on(vertx, address, JsonObject.class);
  }

  /** Records bodies of another type, such as frames with their codec; completes once registered. */
  public static <T> Future<BusRecorder<T>> on(Vertx vertx, String address, Class<T> bodyType) {
    BusRecorder<T> recorder = new BusRecorder<>(vertx, address, bodyType);
    return recorder.consumer.completion().map(v -> recorder);
  }

  /** The first message after the last matched one that satisfies the predicate, now or when it comes. */
  public synchronized Future<T> next(Predicate<? super T> matches) {
    for (int i = cursor; i < messages.size(); i++) {
      if (matches.test(messages.get(i))) {
        cursor = i + 1;
        return Future.succeededFuture(messages.get(i));
      }
    }
    cursor = messages.size();
    Promise<T> promise = Promise.promise();
    waiters.add(new Waiter<>(matches, promise));
    return promise.future();
  }

  public synchronized List<T> all() {
    return List.copyOf(messages);
  }

  /** Forgets what came so far: {@link #next} only looks at later messages. */
  public synchronized void skipAll() {
    cursor = messages.size();
  }

  /** Stops recording, for a recorder that should not outlive its part of a test. */
  public Future<Void> close() {
    return consumer.unregister();
  }

  private void received(T body) {
    List<Waiter<T>> satisfied = new ArrayList<>();
    synchronized (this) {
      messages.add(body);
      Iterator<Waiter<T>> it = waiters.iterator();
      while (it.hasNext()) {
        Waiter<T> waiter = it.next();
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
