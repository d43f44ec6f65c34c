package dev.vigil.runtime.metrics;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The one meter registry of a Vigil process: Prometheus-backed, with JVM metrics ({@code jvm_*},
 * {@code process_*}, {@code system_*}) bound. Detection, dead-letter and Streams meters are added
 * by {@link MicrometerDetectionMetrics}, {@link StreamsHealth} and the lifecycle.
 */
public final class VigilRegistry implements AutoCloseable {

  private final PrometheusMeterRegistry registry;
  // Holds JMX notification listeners until closed.
  private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

  public VigilRegistry() {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    gcMetrics.bindTo(registry);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  @Override
  public void close() {
    gcMetrics.close();
    registry.close();
  }
}
