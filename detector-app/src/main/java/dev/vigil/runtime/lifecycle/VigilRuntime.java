package dev.vigil.runtime.lifecycle;

import dev.vigil.detector.DetectionMetrics;
import dev.vigil.runtime.config.VigilConfig;
import dev.vigil.runtime.metrics.MetricsServer;
import dev.vigil.runtime.metrics.MicrometerDetectionMetrics;
import dev.vigil.runtime.metrics.StreamsHealth;
import dev.vigil.runtime.metrics.VigilRegistry;
import dev.vigil.runtime.query.QueryRoutes;
import dev.vigil.runtime.topics.TopicAdmin;
import dev.vigil.runtime.topics.TopicSpec;
import java.time.Clock;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the detector's runtime around a topology, in the order an operator can follow:
 *
 * <ol>
 *   <li>check the cluster answers and Vigil's topics exist, creating them when allowed ({@link
 *       TopicAdmin}; fails with a one-sentence error otherwise);
 *   <li>start the metrics registry and the HTTP server: {@code /metrics /health /ready}, and the
 *       identity queries ({@link QueryRoutes}) when a query token is configured;
 *   <li>build the topology with the Micrometer {@link DetectionMetrics} and start Kafka Streams
 *       ({@link StreamsRunner}); if Streams fails for good, a stop is requested.
 * </ol>
 *
 * Everything started is registered with the {@link GracefulShutdown}, so SIGTERM, Ctrl-C or {@code
 * shutdown.closeAll()} stop Streams first, then the server, then the registry.
 *
 * <pre>{@code
 * GracefulShutdown shutdown = GracefulShutdown.install();
 * VigilConfig config = options.load();
 * VigilRuntime.Started vigil = VigilRuntime.start(config, shutdown,
 *     metrics -> VigilTopology.build(config.topics(), serdes, settings, metrics));
 * shutdown.awaitStopRequest(duration);
 * shutdown.closeAll();
 * }</pre>
 */
public final class VigilRuntime {

  private static final Logger log = LoggerFactory.getLogger(VigilRuntime.class);

  /** What is running, for commands that print or test it. */
  public record Started(
      StreamsRunner streams,
      MetricsServer server,
      MicrometerDetectionMetrics metrics,
      StreamsHealth health,
      VigilRegistry registry,
      List<String> createdTopics) {}

  private VigilRuntime() {}

  /**
   * @param topology builds the detector's topology given the metrics it reports to
   * @throws dev.vigil.runtime.topics.ClusterUnreachableException when Kafka does not answer
   * @throws dev.vigil.runtime.topics.MissingTopicsException when topics are missing and may not or
   *     could not be created
   */
  public static Started start(
      VigilConfig config,
      GracefulShutdown shutdown,
      Function<? super MicrometerDetectionMetrics, Topology> topology) {
    config.warnings().forEach(warning -> log.warn("Configuration: {}", warning));
    List<String> created;
    try (TopicAdmin admin = TopicAdmin.connect(config.clientConfig())) {
      created =
          admin.ensure(
              TopicSpec.vigilTopics(
                  config.topics(), config.topicPartitions(), config.topicReplicationFactor()),
              config.createTopics());
    }

    VigilRegistry registry = new VigilRegistry();
    shutdown.register("metrics registry", registry);
    StreamsHealth health = new StreamsHealth(registry.registry());
    MicrometerDetectionMetrics metrics = new MicrometerDetectionMetrics(registry.registry());
    QueryRoutes queries = new QueryRoutes(config.queryToken(), Clock.systemUTC());
    MetricsServer server =
        MetricsServer.start(
            registry.registry(), config.httpAddress(), health::isRunning, queries.routes());
    shutdown.register("metrics server", server);

    // A Kafka setting application.server, if given, wins over Vigil's own key and its default.
    Properties streamsProperties = config.streamsProperties();
    streamsProperties.putIfAbsent(
        StreamsConfig.APPLICATION_SERVER_CONFIG, config.applicationServer(server.port()));
    StreamsRunner streams =
        StreamsRunner.builder(topology.apply(metrics), streamsProperties)
            .registry(registry.registry())
            .health(health)
            .deadLetters(metrics)
            .closeTimeout(config.shutdownTimeout())
            .onError(state -> shutdown.requestStop("Kafka Streams reached " + state))
            .start();
    shutdown.register("Kafka Streams", streams);
    queries.bind(streams.streams());
    log.info(
        "Vigil started: application {} on {}, metrics on port {}",
        config.applicationId(),
        config.bootstrapServers(),
        server.port());
    return new Started(streams, server, metrics, health, registry, created);
  }
}
