package io.pistream.sensor;

import io.vertx.core.Context;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A sensor whose answers the test sets, and which records how it was read. */
final class FakeDriver implements SensorDriver {

  private volatile Callable<Measurement> behaviour;
  private final AtomicInteger reads = new AtomicInteger();
  private final AtomicInteger failures = new AtomicInteger();
  private final AtomicInteger concurrentReads = new AtomicInteger();
  private final AtomicInteger maxConcurrentReads = new AtomicInteger();
  private final List<Boolean> readOnEventLoop = new CopyOnWriteArrayList<>();

  FakeDriver(Measurement answer) {
    answer(answer);
  }

  void answer(Measurement measurement) {
    behaviour = () -> measurement;
  }

  void fail(String reason) {
    behaviour = () -> {
      throw new SensorReadException(reason, "fake sensor: " + reason);
    };
  }

  /** Reads throw what a buggy driver would: not an IOException. */
  void crash(RuntimeException bug) {
    behaviour = () -> {
      throw bug;
    };
  }

  /** Reads return null, which no driver should. */
  void answerNothing() {
    behaviour = () -> null;
  }

  /** Reads block until the latch opens (at most 60 s), then answer with the measurement. */
  void hang(CountDownLatch release, Measurement thenAnswer) {
    behaviour = () -> {
      if (!release.await(60, TimeUnit.SECONDS)) {
        throw new SensorReadException(SensorReadException.ETIMEDOUT, "fake sensor: never released");
      }
      return thenAnswer;
    };
  }

  @Override
  public Measurement read() throws IOException {
    reads.incrementAndGet();
    readOnEventLoop.add(Context.isOnEventLoopThread());
    int now = concurrentReads.incrementAndGet();
    maxConcurrentReads.accumulateAndGet(now, Math::max);
    try {
      return behaviour.call();
    } catch (IOException | RuntimeException e) {
      failures.incrementAndGet();
      throw e;
    } catch (Exception e) {
      failures.incrementAndGet();
      throw new IOException(e);
    } finally {
      concurrentReads.decrementAndGet();
    }
  }

  int reads() {
    return reads.get();
  }

  int failures() {
    return failures.get();
  }

  int maxConcurrentReads() {
    return maxConcurrentReads.get();
  }

  List<Boolean> readOnEventLoop() {
    return List.copyOf(readOnEventLoop);
  }

  @Override
  public String describe() {
    return "fake";
  }
}
