package io.pistream.web;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs refused and failed requests without letting a stranger fill the SD card: the first of each kind
 * in a period in one line (a stack trace only for our own errors), then one count per kind when the
 * period ends. Confined to the web verticle's event loop.
 */
final class RequestProblems {

  private static final Logger log = LoggerFactory.getLogger(RequestProblems.class);

  private final Map<String, Tally> tallies = new LinkedHashMap<>();

  /** A request refused for what the client sent, how slowly it sent it, or a cap or part it could not have. */
  void refused(String kind, String detail) {
    if (tally(kind).count++ == 0) {
      log.warn("refused a request ({}): {} (more of this kind are summarised)", kind, detail);
    }
    tally(kind).last = detail;
  }

  /** A request we failed to answer: a bug worth its stack trace, once per period. */
  void failed(String what, Throwable cause) {
    if (tally("internal").count++ == 0) {
      log.error("{} failed (more such failures are summarised)", what, cause);
    }
    tally("internal").last = what + ": " + cause;
  }

  /** Called once per period. */
  void summarise(long periodSeconds) {
    tallies.forEach((kind, tally) -> {
      if (tally.count > 1) {
        log.warn("{} requests ({}) in the last {} s, last: {}", tally.count, kind, periodSeconds, tally.last);
      }
    });
    tallies.clear();
  }

  private Tally tally(String kind) {
    return tallies.computeIfAbsent(kind, k -> new Tally());
  }

  private static final class Tally {
    private long count;
    private String last = "";
  }
}
