package io.pistream.launcher;

import io.pistream.contracts.ConfigException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of the runnable jar: {@code java -jar pistream.jar [--config FILE] [--cluster]}, and
 * {@code java -jar pistream.jar hash-password [--token]} ({@link HashPasswordCommand}), and
 * {@code backup}, {@code export}, {@code import}, {@code import-flask} ({@link StorageCommands}).
 *
 * <p>Without {@code --config} it reads {@code conf/config.yaml} when present (or the file named by
 * {@code PISTREAM_CONFIG}), else runs on the defaults packed in the jar.
 */
public final class PistreamLauncher {

  private static final Logger log = LoggerFactory.getLogger(PistreamLauncher.class);
  static final Path DEFAULT_CONFIG = Path.of("conf", "config.yaml");

  public static void main(String[] args) throws IOException {
    if (args.length > 0 && args[0].equals("hash-password")) {
      System.exit(HashPasswordCommand.run(Arrays.copyOfRange(args, 1, args.length)));
      return;
    }
    if (args.length > 0 && StorageCommands.handles(args[0])) {
      System.exit(new StorageCommands(System.getenv(), System.out, System.err).run(args));
      return;
    }
    LaunchOptions options;
    try {
      options = LaunchOptions.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("pistream: " + e.getMessage());
      System.err.println(LaunchOptions.USAGE);
      System.exit(2);
      return;
    }
    if (options.help()) {
      System.out.println(LaunchOptions.USAGE);
      return;
    }
    useUsersLogging(options.configFile());
    PistreamNode node;
    try {
      node = PistreamNode.start(options, System.getenv());
    } catch (ConfigException e) {
      log.error("Invalid configuration: {}", e.getMessage());
      System.exit(1);
      return;
    } catch (Exception e) {
      log.error("pistream failed to start", e);
      System.exit(1);
      return;
    }
    // SIGTERM/SIGINT stop the node in order, as PistreamNode.stop says
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("stopping");
      node.stop();
      log.info("stopped");
    }, "pistream-shutdown"));
  }

  private static void useUsersLogging(Path configFile) {
    String setup = System.getProperty("logback.configurationFile", "the packed logback.xml (console)");
    Optional<Path> usersFile = LogConfig.besideConfig(configFile);
    if (usersFile.isPresent()) {
      try {
        LogConfig.apply(usersFile.get());
        setup = usersFile.get().toString();
      } catch (IllegalStateException e) {
        System.err.println("pistream: " + e.getMessage() + "; logging to the console as packed");
      }
    }
    log.info("logging as set in {}", setup);
  }

  private PistreamLauncher() {
  }
}
