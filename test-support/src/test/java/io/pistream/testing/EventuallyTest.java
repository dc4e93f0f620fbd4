package io.pistream.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class EventuallyTest {

  private static final Eventually BRIEFLY = Eventually.within(Duration.ofMillis(300)).every(Duration.ofMillis(20));
  private static final Eventually PATIENTLY = Eventually.within(Duration.ofSeconds(30)).every(Duration.ofMillis(20));

  @Test
  void completesWithTheFirstAnswerThatHolds(Vertx vertx) {
    AtomicInteger asked = new AtomicInteger();
    Integer answer = PATIENTLY.until(vertx, "the third answer", () -> Future.succeededFuture(asked.incrementAndGet()), n -> n >= 3).await();
    assertThat(answer).isEqualTo(3);
    assertThat(asked).hasValue(3);
  }

  @Test
  void aCheckThatFailsOrThrowsIsAskedAgain(Vertx vertx) {
    AtomicInteger asked = new AtomicInteger();
    PATIENTLY.until(vertx, "a check that works on the third try", () -> {
      int attempt = asked.incrementAndGet();
      if (attempt == 1) {
        return Future.failedFuture("not listening yet");
      }
      if (attempt == 2) {
        throw new IllegalStateException("not drawn yet");
      }
      return Future.succeededFuture(true);
    }).await();
    assertThat(asked).hasValue(3);
  }

  @Test
  void givingUpNamesWhatWasAwaitedAndTheLastAnswer(Vertx vertx) {
    Future<Integer> never = BRIEFLY.until(vertx, "an eight", () -> Future.succeededFuture(7), n -> n == 8);
    assertThatThrownBy(never::await).isInstanceOf(AssertionError.class).hasMessage("waited 300 ms for an eight; last seen: 7");
  }

  @Test
  void givingUpAfterAFailedCheckGivesTheFailureAsTheCause(Vertx vertx) {
    IOException refused = new IOException("connection refused");
    Future<Boolean> never = BRIEFLY.until(vertx, "a server", () -> Future.failedFuture(refused), up -> up);
    assertThatThrownBy(never::await).isInstanceOf(AssertionError.class)
        .hasMessage("waited 300 ms for a server; the last check failed: java.io.IOException: connection refused")
        .hasCause(refused);
  }

  @Test
  void anAssertionInTheCheckEndsTheWaitAtOnce(Vertx vertx) {
    long started = System.nanoTime();
    Future<Void> wrong = PATIENTLY.until(vertx, "a check that asserts", () -> {
      throw new AssertionError("the answer is malformed");
    });
    assertThatThrownBy(wrong::await).isInstanceOf(AssertionError.class).hasMessage("the answer is malformed");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void blockingAnswersTheFirstResultThatHoldsAndGivesUpNamingTheLastFailure() throws InterruptedException {
    AtomicInteger asked = new AtomicInteger();
    assertThat(PATIENTLY.blockingUntil("the second answer", asked::incrementAndGet, n -> n == 2)).isEqualTo(2);

    IllegalStateException missing = new IllegalStateException("no such element");
    assertThatThrownBy(() -> BRIEFLY.blockingUntil("an element", () -> {
      throw missing;
    }, element -> true))
        .isInstanceOf(AssertionError.class)
        .hasMessage("waited 300 ms for an element; the last check failed: " + missing)
        .hasCause(missing);
  }

  @Test
  void anAnswerTheConditionThrowsOnIsShownWithTheFailure() {
    assertThatThrownBy(() -> BRIEFLY.blockingUntil("a name", () -> "", name -> name.charAt(0) == 'a'))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("waited 300 ms for a name; last seen: , which the condition threw on: java.lang.StringIndexOutOfBoundsException");
  }
}
