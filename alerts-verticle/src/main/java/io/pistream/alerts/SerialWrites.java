package io.pistream.alerts;

import io.vertx.core.Future;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes to the alert state one after the other, in the order they were asked for (a fired row before
 * its resolved row, an outbox row before its deletion), so that stopping can wait for all of them.
 * Event-loop confined.
 */
final class SerialWrites {

  private static final Logger log = LoggerFactory.getLogger(SerialWrites.class);

  private Future<Void> last = Future.succeededFuture();

  /** Runs {@code write} after the writes before it; a failure is logged with {@code what} and does not stop later writes. */
  Future<Void> then(String what, Supplier<Future<Void>> write) {
    Future<Void> done = last.transform(previous -> write.get());
    last = done.onFailure(e -> log.error("could not {} in the alert state", what, e)).otherwise((Void) null);
    return done;
  }

  /** Completes once every write asked for so far is done. */
  Future<Void> idle() {
    return last;
  }
}
