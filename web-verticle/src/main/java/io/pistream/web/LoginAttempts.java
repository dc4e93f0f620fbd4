package io.pistream.web;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

  private static final Logger log = LoggerFactory.getLogger(LoginAttempts.class);

  private final LongSupplier clock;
  private final Map<String, Deque<Long>> failures = new HashMap<>();

  LoginAttempts(LongSupplier clock) {
    this.clock = clock;
  }

  static String addressKey(String address) {
    return "address " + address;
  }

  static String userKey(String user) {
    return "user " + user;
  }

  /** Milliseconds until a login from {@code address} as {@code user} (null: a token) may be tried; 0: now. */
  long retryAfterMs(String address, String user) {
    return Math.max(retryAfterMs(addressKey(address)), user == null ? 0 : retryAfterMs(userKey(user)));
  }

  /**
   * Counts a failed login and logs it with the address and the name, never the password; the failure that
   * reaches the limit says so instead, and later tries are refused unlogged until the window has passed.
   */
  void failedLogin(String address, String user) {
    boolean addressBlocked = failed(addressKey(address));
    boolean userBlocked = user != null && failed(userKey(user));
    if (addressBlocked || userBlocked) {
      log.warn("{} failed logins within {} s from {}{}: refusing further tries for a while", MAX_FAILURES,
          WINDOW_MS / 1000, address, user == null ? "" : " or for user '" + printable(user) + "'");
    } else {
      log.info("failed login from {}{}", address, user == null ? " (token)" : " as '" + printable(user) + "'");
    }
  }

  /** Names come from strangers: keep log lines short and free of control characters. */
  private static String printable(String user) {
    String cleaned = user.replaceAll("\\p{Cntrl}", "?");
    return cleaned.length() > 64 ? cleaned.substring(0, 64) + "..." : cleaned;
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
