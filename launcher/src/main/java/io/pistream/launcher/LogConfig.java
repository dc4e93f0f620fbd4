package io.pistream.launcher;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.util.StatusPrinter2;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * Lets a user's own logback file replace the one packed in the jar: {@code logback.xml} beside the
 * config file ({@code conf/logback.xml}, {@code /etc/pistream/logback.xml}). Logback's own
 * {@code -Dlogback.configurationFile} still wins. The packed file logs to the console, which journald
 * keeps; {@code conf/logback-file.xml} is the documented size-capped rolling file.
 */
final class LogConfig {

  static final String FILE_NAME = "logback.xml";

  /** The user's logging file for this config file, if there is one and logback's own property is not set. */
  static Optional<Path> besideConfig(Path configFile) {
    if (System.getProperty("logback.configurationFile") != null) {
      return Optional.empty();
    }
    Path dir = configFile.toAbsolutePath().getParent();
    Path candidate = dir == null ? Path.of(FILE_NAME) : dir.resolve(FILE_NAME);
    return Files.isRegularFile(candidate) ? Optional.of(candidate) : Optional.empty();
  }

  /**
   * Replaces the logging setup with the file's, before anything worth logging happened.
   *
   * @throws IllegalStateException when the file cannot be used; the packed setup stays in place then
   */
  static void apply(Path file) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      throw new IllegalStateException("logging is not logback here; " + file + " is not used");
    }
    context.reset();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    try {
      configurator.doConfigure(file.toFile());
    } catch (JoranException e) {
      // Errors are in the status list; print them where the user looks, then go back to the packed setup.
      new StatusPrinter2().printInCaseOfErrorsOrWarnings(context);
      restorePacked(context);
      throw new IllegalStateException("cannot use " + file + ": " + e.getMessage(), e);
    }
    new StatusPrinter2().printInCaseOfErrorsOrWarnings(context);
  }

  private static void restorePacked(LoggerContext context) {
    context.reset();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    try {
      configurator.doConfigure(LogConfig.class.getResource("/" + FILE_NAME));
    } catch (JoranException e) {
      new StatusPrinter2().print(context);
    }
  }

  private LogConfig() {
  }
}
