package io.pistream.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.micrometer.backends.BackendRegistries;

/**
 * The node's one meter registry. The launcher makes it ({@link #newPrometheusRegistry}) and hands it to
 * Vert.x; every part finds it with {@link #registry}, which is null when the Vert.x it runs on has no
 * metrics (a unit test's plain {@code Vertx.vertx()}): a part then registers nothing and works as before.
 * pistream's own meters are named {@code pistream.*} ({@code pistream_*} in Prometheus) and labelled
 * per sensor, camera or channel only, never per client, address or path.
 */
public final class OpsMeters {

  private OpsMeters() {
  }

  /** The registry of this process's Vert.x metrics, or null when metrics are off. */
  public static MeterRegistry registry() {
    return BackendRegistries.getDefaultNow();
  }

  /** A Prometheus registry with the JVM and process binders (memory, GC, threads, CPU, uptime, file descriptors). */
  public static PrometheusMeterRegistry newPrometheusRegistry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    // Listens to GC notifications until the JVM exits: one per process, as the registry.
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    return registry;
  }
}
