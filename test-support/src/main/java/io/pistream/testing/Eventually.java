package io.pistream.testing;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for a state that something else brings about on its own time (a flush, a heartbeat, a page
 * drawing), for tests that have no event to wait on: asks again at a fixed interval until the answer
 * holds, and fails with an {@link AssertionError} naming what was awaited and what was seen last once the
 * patience runs out.
 *
 * <p>A check that fails or throws an exception has not held yet (a server still starting, an element not
 * drawn yet): the failure is kept as the cause of the final error. An {@link Error}, such as an assertion
 * inside the check, ends the wait at once.
 */
public final class Eventually {

  private static final long CHECK_TIMEOUT_MS = 10_000;

  private static final Duration DEFAULT_INTERVAL = Duration.ofMillis(100);
  private static final int SHOWN_CHARS = 2000;

  private final Duration patience;
  private final Duration interval;

  private Eventually(Duration patience, Duration interval) {
    if (patience.isNegative() || interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("patience " + patience + " and interval " + interval + " must be positive");
    }
    this.patience = patience;
    this.interval = interval;
  }

  /** Asks every 100 ms for at most {@code patience}. */
  public static Eventually within(Duration patience) {
    return new Eventually(patience, DEFAULT_INTERVAL);
  }

  public Eventually every(Duration interval) {
    return new Eventually(patience, interval);
  }

  /**
   * Completes with the first answer of {@code check} that {@code holds}, asking again on a Vert.x timer
   * set where the last answer came: a check that answers at once keeps every check on the caller's context.
   */
  public <T> Future<T> until(Vertx vertx, String awaited, Supplier<Future<T>> check, Predicate<? super T> holds) {
    Promise<T> done = Promise.promise();
    attempt(vertx, awaited, check, holds, System.nanoTime() + patience.toNanos(), done);
    return done.future();
  }

  /** Completes once {@code check} answers true. */
  public Future<Void> until(Vertx vertx, String awaited, Supplier<Future<Boolean>> check) {
    return until(vertx, awaited, check, Boolean.TRUE::equals).mapEmpty();
  }

  /**
   * Answers the first result of {@code check} that {@code holds}, asking on the calling thread: for a
   * plain thread whose checks block (a browser driver, {@code java.net.http}), never an event loop.
   */
  public <T> T blockingUntil(String awaited, Callable<T> check, Predicate<? super T> holds) throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    while (true) {
      Seen<T> seen = Seen.nothing();
      try {
        seen = Seen.answer(check.call());
        if (holds.test(seen.answer())) {
          return seen.answer();
        }
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception e) {
        seen = seen.failedWith(e);
      }
      if (System.nanoTime() - deadline >= 0) {
        throw notReached(awaited, seen);
      }
      Thread.sleep(interval.toMillis());
    }
  }

  /** One check; an answer that does not hold schedules the next one on a timer. */
  private <T> void attempt(Vertx vertx, String awaited, Supplier<Future<T>> check, Predicate<? super T> holds, long deadline,
      Promise<T> done) {
    // A check that never answers (a request lost on a connection the server dropped) counts as failed
    // after 10 s and is asked again, instead of holding the test for ever.
    long left = Math.max(1, Math.min(CHECK_TIMEOUT_MS, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
    Future<T> answer = Future.<Void>succeededFuture().compose(start -> check.get()).timeout(left, TimeUnit.MILLISECONDS);
    answer.map(holds::test).onComplete(held -> {
      if (held.succeeded() && held.result()) {
        done.complete(answer.result());
      } else if (held.cause() instanceof Error error) {
        done.fail(error);
      } else if (System.nanoTime() - deadline >= 0) {
        Seen<T> seen = answer.succeeded() ? Seen.answer(answer.result()) : Seen.nothing();
        done.fail(notReached(awaited, held.failed() ? seen.failedWith(held.cause()) : seen));
      } else {
        vertx.setTimer(interval.toMillis(), id -> attempt(vertx, awaited, check, holds, deadline, done));
      }
    });
  }

  private AssertionError notReached(String awaited, Seen<?> last) {
    return new AssertionError("waited " + shown(patience) + " for " + awaited + "; " + last.describe(), last.failure());
  }

  private static String shown(Duration duration) {
    return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
  }

  /** The last answer and what went wrong with it, if anything: what the final error tells. */
  private record Seen<T>(boolean answered, T answer, Throwable failure) {

    static <T> Seen<T> nothing() {
      return new Seen<>(false, null, null);
    }

    static <T> Seen<T> answer(T answer) {
      return new Seen<>(true, answer, null);
    }

    /** A check that failed, or an answer the condition threw on. */
    Seen<T> failedWith(Throwable failure) {
      return new Seen<>(answered, answer, failure);
    }

    String describe() {
      if (!answered) {
        return "the last check failed: " + failure;
      }
      String text = String.valueOf(answer);
      String shown = text.length() <= SHOWN_CHARS ? text : text.substring(0, SHOWN_CHARS) + "… (" + text.length() + " chars)";
      return "last seen: " + shown + (failure == null ? "" : ", which the condition threw on: " + failure);
    }
  }
}
