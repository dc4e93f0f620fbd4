package io.pistream.web;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Failed logins per client address and per user name over the last {@link #WINDOW_MS}: after
 * {@link #MAX_FAILURES} either is refused until the oldest failure of the window has aged out, so a
 * password cannot be guessed at PBKDF2's pace, from one address or spread over many. Confined to the web
 * verticle's event loop.
 */
final class LoginAttempts {

  static final int MAX_FAILURES = 5;
  static final long WINDOW_MS = 60_000;
  /** Bounds the memory a scan of many addresses can take: the quietest keys are forgotten first. */
  private static final int MAX_KEYS = 10_000;

  private final LongSupplier clock;
  private final Map<String, Deque<Long>> failures = new HashMap<>();

  LoginAttempts(LongSupplier clock) {
    this.clock = clock;
  }

  /** Milliseconds until {@code key} may try again; 0 when it may now. */
  long retryAfterMs(String key) {
    Deque<Long> times = failures.get(key);
    if (times == null) {
      return 0;
    }
    long now = clock.getAsLong();
    expire(times, now);
    if (times.isEmpty()) {
      failures.remove(key);
      return 0;
    }
    return times.size() >= MAX_FAILURES ? times.peekFirst() + WINDOW_MS - now : 0;
  }

  /** Counts a failure; true when it is the one that reaches the limit (worth a log line of its own). */
  boolean failed(String key) {
    long now = clock.getAsLong();
    if (failures.size() >= MAX_KEYS && !failures.containsKey(key)) {
      forgetExpired(now);
      if (failures.size() >= MAX_KEYS) {
        failures.remove(failures.keySet().iterator().next());
      }
    }
    Deque<Long> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
    expire(times, now);
    times.addLast(now);
    return times.size() == MAX_FAILURES;
  }

  private void forgetExpired(long now) {
    for (Iterator<Deque<Long>> it = failures.values().iterator(); it.hasNext(); ) {
      Deque<Long> times = it.next();
      expire(times, now);
      if (times.isEmpty()) {
        it.remove();
      }
    }
  }

  private static void expire(Deque<Long> times, long now) {
    while (!times.isEmpty() && times.peekFirst() <= now - WINDOW_MS) {
      times.removeFirst();
    }
  }
}
