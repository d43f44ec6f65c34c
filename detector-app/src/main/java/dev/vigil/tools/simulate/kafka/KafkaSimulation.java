package dev.vigil.tools.simulate.kafka;

import dev.vigil.runtime.ExitCode;
import dev.vigil.runtime.config.VigilConfig;
import dev.vigil.runtime.config.VigilConfigException;
import dev.vigil.runtime.config.VigilKey;
import dev.vigil.runtime.lifecycle.GracefulShutdown;
import dev.vigil.runtime.topics.ClusterUnreachableException;
import dev.vigil.runtime.topics.MissingTopicsException;
import dev.vigil.runtime.topics.TopicAdmin;
import dev.vigil.runtime.topics.TopicSpec;
import dev.vigil.tools.simulate.EstateSeries;
import dev.vigil.tools.simulate.SimulatedEstate;
import dev.vigil.tools.simulate.SimulationConfig;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code vigil simulate --bootstrap-servers ...}: the estate produced to Kafka at a paced rate,
 * until its days are over (or, with {@code --forever}, until Ctrl-C). Exit codes as {@code vigil
 * run}: 2 for a bad setting, 3 when the cluster is unreachable or the input topics are missing.
 */
public final class KafkaSimulation {

  private final CommandSpec spec;
  private final String bootstrapServers;
  private final String schemaRegistryUrl;
  private final Map<String, String> settings;
  private final double rate;
  private final boolean forever;

  public KafkaSimulation(
      CommandSpec spec,
      String bootstrapServers,
      String schemaRegistryUrl,
      Map<String, String> settings,
      double rate,
      boolean forever) {
    this.spec = spec;
    this.bootstrapServers = bootstrapServers;
    this.schemaRegistryUrl = schemaRegistryUrl;
    this.settings = settings;
    this.rate = rate;
    this.forever = forever;
  }

  public int run(SimulationConfig simulation) throws InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    VigilConfig config;
    Pacer pacer;
    try {
      VigilConfig.Builder builder =
          VigilConfig.builder()
              .environment(System.getenv())
              .commandLine(settings)
              .commandLine("bootstrap.servers", bootstrapServers);
      if (schemaRegistryUrl != null) {
        builder.commandLine(VigilKey.SCHEMA_REGISTRY_URL.key(), schemaRegistryUrl);
      }
      config = builder.build();
      pacer = Pacer.perSecond(rate);
    } catch (VigilConfigException | IllegalArgumentException e) {
      err.println("vigil simulate: " + e.getMessage());
      return ExitCode.INVALID_INPUT;
    }
    try {
      ensureInputTopics(config);
    } catch (ClusterUnreachableException | MissingTopicsException e) {
      err.println("vigil simulate: " + e.getMessage());
      return ExitCode.CLUSTER_PROBLEM;
    }

    GracefulShutdown shutdown = GracefulShutdown.install();
    EventProducer producer =
        new EventProducer(
            config.clientConfig(),
            config.serdeConfig(),
            config.topics().authEvents(),
            config.topics().tokenEvents());
    Iterator<SpecificRecord> events =
        forever ? new EstateSeries(simulation) : new SimulatedEstate(simulation).iterator();
    RunningFeed feed =
        RunningFeed.start(
            "vigil-simulate",
            new EventFeed(producer, pacer, EventFeed.IMMEDIATE),
            producer,
            events,
            shutdown::requestStop);
    shutdown.register("traffic feed", feed);
    err.printf(
        "Producing %s of %d identities from %s at %.0f events/s to %s and %s on %s%s%n",
        forever ? "day after day" : simulation.days() + " days",
        simulation.identities(),
        simulation.start(),
        rate,
        config.topics().authEvents(),
        config.topics().tokenEvents(),
        config.bootstrapServers(),
        forever ? " (Ctrl-C stops)" : "");
    err.flush();
    String reason = shutdown.awaitStopRequest(null);
    shutdown.closeAll();
    err.printf("Stopped (%s) after %,d events.%n", reason, feed.sent());
    return feed.failure() == null ? 0 : 1;
  }

  private static void ensureInputTopics(VigilConfig config) {
    Set<String> inputs = Set.of(config.topics().authEvents(), config.topics().tokenEvents());
    List<TopicSpec> specs =
        TopicSpec.vigilTopics(
                config.topics(), config.topicPartitions(), config.topicReplicationFactor())
            .stream()
            .filter(topic -> inputs.contains(topic.name()))
            .toList();
    try (TopicAdmin admin = TopicAdmin.connect(config.clientConfig())) {
      admin.ensure(specs, config.createTopics());
    }
  }
}
