package io.pistream.camera;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a capture program's stderr without flooding: the first lines of each run as they come, then
 * only a count, and the last lines when the program ends. Fed from the stderr reader thread.
 */
final class StderrLog {

  private static final Logger log = LoggerFactory.getLogger(StderrLog.class);
  private static final int LOGGED_LINES = 10;
  private static final int KEPT_LINES = 3;

  private final String source;
  private final Deque<String> last = new ArrayDeque<>();
  private int lines;

  StderrLog(String source) {
    this.source = source;
  }

  synchronized void line(String line) {
    if (line.isBlank()) {
      return;
    }
    lines++;
    if (lines <= LOGGED_LINES) {
      log.info("{}: {}", source, line);
    } else if (lines == LOGGED_LINES + 1) {
      log.info("{}: further stderr lines are counted, not logged", source);
    }
    last.addLast(line);
    if (last.size() > KEPT_LINES) {
      last.removeFirst();
    }
  }

  /** The most recent line, the likeliest to say why the program stopped; empty when there was none. */
  synchronized String lastLine() {
    return last.isEmpty() ? "" : last.getLast();
  }

  synchronized void summarize() {
    if (lines > LOGGED_LINES) {
      log.info("{}: {} stderr lines in all, the last: {}", source, lines, String.join(" | ", last));
    }
  }
}
