package io.pistream.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A user's logback.xml beside the config replaces the packed setup; the shipped rolling-file example works. */
class LogConfigTest {

  private static final Logger log = LoggerFactory.getLogger("io.pistream.launcher.LogConfigTest");

  @TempDir
  Path dir;

  @AfterEach
  void backToTheTestSetup() throws Exception {
    System.clearProperty("PISTREAM_LOG_DIR");
    LogConfig.apply(Path.of(LogConfigTest.class.getResource("/logback-test.xml").toURI()));
  }

  @Test
  void aLogbackFileBesideTheConfigIsFoundAndNoneMeansThePackedOne() throws Exception {
    Path config = Files.writeString(dir.resolve("config.yaml"), "http: {port: 8080}\n");
    assertThat(LogConfig.besideConfig(config)).isEmpty();
    Path users = Files.writeString(dir.resolve("logback.xml"), "<configuration/>");
    assertThat(LogConfig.besideConfig(config)).contains(users);
  }

  @Test
  void theUsersFileTakesOverLogging() throws Exception {
    Path logFile = dir.resolve("mine.log");
    Path users = Files.writeString(dir.resolve("logback.xml"), """
        <configuration>
          <appender name="FILE" class="ch.qos.logback.core.FileAppender">
            <file>%s</file>
            <encoder><pattern>%%level %%msg%%n</pattern></encoder>
          </appender>
          <root level="INFO"><appender-ref ref="FILE"/></root>
        </configuration>
        """.formatted(logFile));
    LogConfig.apply(users);
    log.info("written through the user's setup");
    assertThat(Files.readString(logFile)).isEqualTo("INFO written through the user's setup\n");
  }

  @Test
  void aBrokenFileIsRefusedAndLoggingKeepsWorking() throws Exception {
    Path broken = Files.writeString(dir.resolve("logback.xml"), "<configuration><appender name=");
    assertThatThrownBy(() -> LogConfig.apply(broken)).isInstanceOf(IllegalStateException.class).hasMessageContaining(broken.toString());
    assertThat(LoggerFactory.getLogger("io.pistream").isInfoEnabled()).as("the packed setup is back").isTrue();
  }

  @Test
  void theShippedRollingFileExampleWritesToTheLogDir() throws Exception {
    System.setProperty("PISTREAM_LOG_DIR", dir.toString());
    LogConfig.apply(Path.of("conf", "logback-file.xml"));
    log.info("into the rolling file");
    assertThat(Files.readString(dir.resolve("pistream.log"))).contains("INFO ").contains("into the rolling file");
  }
}
