package io.pistream.launcher;

import io.pistream.contracts.ConfigException;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of the runnable jar: {@code java -jar pistream.jar [--config FILE]}.
 *
 * <p>Without {@code --config} it reads {@code conf/config.yaml} when present (or the file named by
 * {@code PISTREAM_CONFIG}), else runs on the defaults packed in the jar.
 */
public final class PistreamLauncher {

  private static final Logger log = LoggerFactory.getLogger(PistreamLauncher.class);
  static final Path DEFAULT_CONFIG = Path.of("conf", "config.yaml");

  public static void main(String[] args) {
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
    Vertx vertx = Vertx.vertx();
    try {
      start(vertx, options, System.getenv()).await();
    } catch (ConfigException e) {
      log.error("Invalid configuration: {}", e.getMessage());
      vertx.close().await();
      System.exit(1);
    } catch (Exception e) {
      log.error("pistream failed to start", e);
      vertx.close().await();
      System.exit(1);
    }
    // SIGTERM/SIGINT: closing Vert.x stops every verticle, and storage flushes what it holds.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("stopping");
      vertx.close().await();
      log.info("stopped");
    }, "pistream-shutdown"));
  }

  /** Loads the config and deploys this node's verticles; the future holds the deployment ids. */
  static io.vertx.core.Future<List<String>> start(Vertx vertx, LaunchOptions options, Map<String, String> env) {
    // Resolved here, on the calling thread: the lookup may wait on DNS, which no event loop may do.
    String hostname = hostname();
    return new ConfigLoader(vertx).load(options.configFile(), options.configRequired(), env)
        .compose(config -> {
          log.info("config: {}{}", options.configFile(), options.configRequired() ? "" : " (if present) over the packed defaults");
          return new Deployment(config).deploy(vertx, hostname);
        });
  }

  private static String hostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      log.warn("cannot read the host name ({}); node id defaults to 'local'", e.getMessage());
      return "local";
    }
  }

  private PistreamLauncher() {
  }
}
