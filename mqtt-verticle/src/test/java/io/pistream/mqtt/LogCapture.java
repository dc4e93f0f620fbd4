package io.pistream.mqtt;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Records what one class logs, for tests that check a log line is clear and holds no secret. */
final class LogCapture implements AutoCloseable {

  private final Logger logger;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  LogCapture(Class<?> source) {
    logger = (Logger) LoggerFactory.getLogger(source);
    appender.start();
    logger.addAppender(appender);
  }

  /** Each event as "LEVEL message", arguments filled in. */
  List<String> lines() {
    // AppenderBase appends under the appender's own lock.
    synchronized (appender) {
      return appender.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
    }
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    appender.stop();
  }
}
