package dev.vigil.tools.adapt;

import dev.vigil.adapters.SourceAdapter;
import dev.vigil.detector.topology.Topics;
import dev.vigil.runtime.app.DetectorApp;
import dev.vigil.runtime.config.VigilConfig;
import dev.vigil.runtime.lifecycle.GracefulShutdown;
import dev.vigil.runtime.lifecycle.StreamsRunner;
import dev.vigil.runtime.metrics.MetricsServer;
import dev.vigil.runtime.metrics.StreamsHealth;
import dev.vigil.runtime.metrics.VigilRegistry;
import dev.vigil.runtime.topics.TopicAdmin;
import dev.vigil.runtime.topics.TopicSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The normaliser as a Kafka Streams application of its own, beside the detector rather than inside
 * it: it is stateless and scales with the raw topics' volume, not the estate's; a vendor's
 * malformed burst or a new source rolled out cannot stall detection; and it can be restarted or
 * redeployed without moving the detector's state. Its application id is the detector's with {@code
 * -adapter} appended, so the two never share a consumer group.
 */
public final class AdapterApp {

  private static final Logger log = LoggerFactory.getLogger(AdapterApp.class);

  /** What is running, for commands that print or test it. */
  public record Started(StreamsRunner streams, MetricsServer server, VigilRegistry registry) {}

  private AdapterApp() {}

  public static String applicationId(VigilConfig config) {
    return config.applicationId() + "-adapter";
  }

  /**
   * Checks the raw and contract topics (creating them when allowed), then starts normalising.
   *
   * @throws dev.vigil.runtime.topics.ClusterUnreachableException when Kafka does not answer
   * @throws dev.vigil.runtime.topics.MissingTopicsException when topics are missing
   */
  public static Started start(
      VigilConfig config, GracefulShutdown shutdown, List<SourceAdapter> adapters) {
    config.warnings().forEach(warning -> log.warn("Configuration: {}", warning));
    try (TopicAdmin admin = TopicAdmin.connect(config.clientConfig())) {
      admin.ensure(topics(config, adapters), config.createTopics());
    }
    VigilRegistry registry = new VigilRegistry();
    shutdown.register("metrics registry", registry);
    StreamsHealth health = new StreamsHealth(registry.registry());
    MetricsServer server =
        MetricsServer.start(registry.registry(), config.httpAddress(), health::isRunning);
    shutdown.register("metrics server", server);

    Properties properties = config.streamsProperties();
    properties.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId(config));
    StreamsRunner streams =
        StreamsRunner.builder(
                NormaliserTopology.build(
                    adapters,
                    Topics.of(config.topics(), DetectorApp.serdes(config.serdeConfig())),
                    new AdapterMetrics(registry.registry())),
                properties)
            .registry(registry.registry())
            .health(health)
            .closeTimeout(config.shutdownTimeout())
            .onError(state -> shutdown.requestStop("Kafka Streams reached " + state))
            .start();
    shutdown.register("Kafka Streams", streams);
    log.info(
        "Vigil adapter started: application {} normalising {} on {}, metrics on port {}",
        applicationId(config),
        adapters.stream().map(SourceAdapter::rawTopic).toList(),
        config.bootstrapServers(),
        server.port());
    return new Started(streams, server, registry);
  }

  private static List<TopicSpec> topics(VigilConfig config, List<SourceAdapter> adapters) {
    List<TopicSpec> topics = new ArrayList<>();
    for (SourceAdapter adapter : adapters) {
      topics.add(
          new TopicSpec(
              adapter.rawTopic(),
              config.topicPartitions(),
              config.topicReplicationFactor(),
              Map.of()));
    }
    for (TopicSpec spec :
        TopicSpec.vigilTopics(
            config.topics(), config.topicPartitions(), config.topicReplicationFactor())) {
      String name = spec.name();
      if (name.equals(config.topics().authEvents())
          || name.equals(config.topics().tokenEvents())
          || name.equals(config.topics().deadLetters())) {
        topics.add(spec);
      }
    }
    return topics;
  }
}
