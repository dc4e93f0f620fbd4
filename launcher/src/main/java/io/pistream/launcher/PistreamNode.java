package io.pistream.launcher;

import io.pistream.contracts.ConfigException;
import io.pistream.ops.OpsMeters;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running pistream node: its Vert.x, clustered when the config says so, and its verticles, stopped
 * in reverse deployment order. {@code main} and the end-to-end tests start and stop a node this one way.
 * Both methods block: call them from a plain thread (main, a shutdown hook, a test), never an event loop.
 */
final class PistreamNode {

  private static final Logger log = LoggerFactory.getLogger(PistreamNode.class);

  private final Vertx vertx;
  private final List<String> deployments;

  private PistreamNode(Vertx vertx, List<String> deployments) {
    this.vertx = vertx;
    this.deployments = List.copyOf(deployments);
  }

  /**
   * Loads the config, starts Vert.x and deploys this node's roles.
   *
   * @throws ConfigException when the config is invalid; nothing is left running
   */
  static PistreamNode start(LaunchOptions options, Map<String, String> env) throws Exception {
    JsonObject config = loadConfig(options, env);
    ClusterSettings cluster = ClusterSettings.from(config, options.cluster());
    // Resolved here, on the calling thread: the lookup may wait on DNS and the version is read from the
    // jar, neither of which an event loop may do.
    String hostname = hostname();
    String version = Versions.pistream();
    Vertx vertx = cluster.enabled() ? clustered(cluster) : builder().build();
    try {
      return new PistreamNode(vertx, new Deployment(config).deploy(vertx, hostname, version).await());
    } catch (Exception e) {
      vertx.close().await();
      throw e;
    }
  }

  Vertx vertx() {
    return vertx;
  }

  /**
   * Stops the verticles one by one in reverse deployment order, so the sensors hand their buffered
   * readings to a storage that still listens and storage then writes everything it holds (Vert.x's own
   * close stops all deployments at once); then closes Vert.x, which leaves the cluster.
   */
  void stop() {
    List<String> stopOrder = new ArrayList<>(deployments);
    Collections.reverse(stopOrder);
    for (String id : stopOrder) {
      try {
        vertx.undeploy(id).await();
      } catch (Exception e) {
        log.warn("a part did not stop cleanly", e);
      }
    }
    vertx.close().await();
  }

  /** Reads the config with a short-lived Vert.x: whether the real one is clustered is in the config. */
  private static JsonObject loadConfig(LaunchOptions options, Map<String, String> env) {
    Vertx reader = Vertx.vertx();
    try {
      JsonObject config = new ConfigLoader(reader).load(options.configFile(), options.configRequired(), env).await();
      log.info("config: {}{}", options.configFile(), options.configRequired() ? "" : " (if present) over the packed defaults");
      return config;
    } finally {
      reader.close().await();
    }
  }

  /** Joins the cluster as the settings say; package-private for the TLS test. */
  static Vertx clustered(ClusterSettings settings) {
    EventBusOptions eventBus = new EventBusOptions().setPort(settings.eventBusPort());
    settings.tls().applyTo(eventBus);
    if (!settings.host().isEmpty()) {
      eventBus.setHost(settings.host()).setClusterPublicHost(settings.host());
    }
    long started = System.nanoTime();
    HazelcastClusterManager manager = new HazelcastClusterManager(HazelcastConfigs.build(settings));
    Vertx vertx = builder()
        .with(metered().setEventBusOptions(eventBus))
        .withClusterManager(manager)
        .buildClustered()
        .await();
    log.info("joined the cluster in {} ms ({} members; event bus on port {}, {})", (System.nanoTime() - started) / 1_000_000,
        manager.getNodes().size(), settings.eventBusPort() == 0 ? "any" : settings.eventBusPort(),
        settings.tls().enabled() ? "TLS" : "not encrypted: keep the cluster on a trusted LAN or a VPN");
    return vertx;
  }

  /**
   * Vert.x with Micrometer metrics (HTTP server and client, event bus, pools) in a fresh Prometheus
   * registry with the JVM and process binders; every part finds it through {@link OpsMeters#registry}.
   */
  private static VertxBuilder builder() {
    return Vertx.builder().with(metered()).withMetrics(new MicrometerMetricsFactory(OpsMeters.newPrometheusRegistry()));
  }

  private static VertxOptions metered() {
    return new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true));
  }

  private static String hostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      log.warn("cannot read the host name ({}); node id defaults to 'local'", e.getMessage());
      return "local";
    }
  }
}
