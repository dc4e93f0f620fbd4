package io.pistream.launcher;

import io.pistream.contracts.ConfigException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of the runnable jar: {@code java -jar pistream.jar [--config FILE] [--cluster]}.
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
    Map<String, String> env = System.getenv();
    Vertx vertx = null;
    List<String> deployed = List.of();
    try {
      JsonObject config = loadConfig(options, env);
      ClusterSettings cluster = ClusterSettings.from(config, options.cluster());
      // Resolved here, on the calling thread: the lookup may wait on DNS, which no event loop may do.
      String hostname = hostname();
      vertx = cluster.enabled() ? clustered(cluster) : Vertx.vertx();
      deployed = new Deployment(config).deploy(vertx, hostname, Versions.pistream()).await();
    } catch (ConfigException e) {
      log.error("Invalid configuration: {}", e.getMessage());
      closeIfStarted(vertx);
      System.exit(1);
    } catch (Exception e) {
      log.error("pistream failed to start", e);
      closeIfStarted(vertx);
      System.exit(1);
    }
    Vertx running = vertx;
    List<String> stopOrder = new ArrayList<>(deployed);
    Collections.reverse(stopOrder);
    // SIGTERM/SIGINT: verticles stop one by one in reverse deployment order, so the sensors hand their
    // buffered readings to a storage that still listens and storage then writes everything it holds
    // (Vert.x's own close stops all deployments at once). Closing Vert.x then leaves the cluster.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("stopping");
      for (String id : stopOrder) {
        try {
          running.undeploy(id).await();
        } catch (Exception e) {
          log.warn("a part did not stop cleanly", e);
        }
      }
      running.close().await();
      log.info("stopped");
    }, "pistream-shutdown"));
  }

  /** Loads the config and deploys this node's verticles; the future holds the deployment ids. */
  static Future<List<String>> start(Vertx vertx, LaunchOptions options, Map<String, String> env) {
    // Resolved here, on the calling thread: the lookup may wait on DNS and the version is read from the
    // jar, neither of which an event loop may do.
    String hostname = hostname();
    String version = Versions.pistream();
    return new ConfigLoader(vertx).load(options.configFile(), options.configRequired(), env)
        .compose(config -> {
          logConfigSource(options);
          return new Deployment(config).deploy(vertx, hostname, version);
        });
  }

  private static void logConfigSource(LaunchOptions options) {
    log.info("config: {}{}", options.configFile(), options.configRequired() ? "" : " (if present) over the packed defaults");
  }

  /** Reads the config with a short-lived Vert.x: whether the real one is clustered is in the config. */
  private static JsonObject loadConfig(LaunchOptions options, Map<String, String> env) {
    Vertx reader = Vertx.vertx();
    try {
      JsonObject config = new ConfigLoader(reader).load(options.configFile(), options.configRequired(), env).await();
      logConfigSource(options);
      return config;
    } finally {
      reader.close().await();
    }
  }

  private static Vertx clustered(ClusterSettings settings) {
    EventBusOptions eventBus = new EventBusOptions().setPort(settings.eventBusPort());
    if (!settings.host().isEmpty()) {
      eventBus.setHost(settings.host()).setClusterPublicHost(settings.host());
    }
    long started = System.nanoTime();
    HazelcastClusterManager manager = new HazelcastClusterManager(HazelcastConfigs.build(settings));
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions().setEventBusOptions(eventBus))
        .withClusterManager(manager)
        .buildClustered()
        .await();
    log.info("joined the cluster in {} ms ({} members; event bus on port {})", (System.nanoTime() - started) / 1_000_000,
        manager.getNodes().size(), settings.eventBusPort() == 0 ? "any" : settings.eventBusPort());
    return vertx;
  }

  private static void closeIfStarted(Vertx vertx) {
    if (vertx != null) {
      vertx.close().await();
    }
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
