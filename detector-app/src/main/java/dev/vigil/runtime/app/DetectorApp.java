package dev.vigil.runtime.app;

import dev.vigil.detector.Detectors;
import dev.vigil.detector.topology.DetectorSettings;
import dev.vigil.detector.topology.StoreKind;
import dev.vigil.detector.topology.TopologySerdes;
import dev.vigil.detector.topology.VigilTopology;
import dev.vigil.events.Alert;
import dev.vigil.events.AuthEvent;
import dev.vigil.events.RevocationCommand;
import dev.vigil.events.TokenUseEvent;
import dev.vigil.rules.pack.RulePacks;
import dev.vigil.runtime.config.VigilConfig;
import dev.vigil.runtime.lifecycle.GracefulShutdown;
import dev.vigil.runtime.lifecycle.VigilRuntime;
import dev.vigil.runtime.topics.TopicAdmin;
import dev.vigil.serde.ConfluentAvroSerde;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The detector as configured: the contract's serdes on the configured Schema Registry, the rule
 * pack, every detection, started inside the {@link VigilRuntime}. {@code run}, {@code demo}, {@code
 * bench} and the integration tests all start Vigil through here, so they run the same thing.
 */
public final class DetectorApp {

  private DetectorApp() {}

  /**
   * Starts the detector. When a rule pack file is configured it is validated (a bad pack stops the
   * start, naming file, line and field) and published to the rules topic, so every running instance
   * switches to it; without one, instances run the shipped default pack until a pack is published.
   */
  public static VigilRuntime.Started start(VigilConfig config, GracefulShutdown shutdown) {
    SeedRules seed = SeedRules.from(config);
    return VigilRuntime.start(
        config,
        shutdown,
        metrics -> {
          metrics.registerKnown(seed.pack(), config.topics(), config.observeOnly());
          seed.publishIfConfigured(config);
          DetectorSettings settings = settings(config, seed);
          return VigilTopology.build(
              config.topics(),
              serdes(config.serdeConfig()),
              settings,
              metrics,
              StoreKind.PERSISTENT,
              config.eventTimeBounds(settings.clock()));
        });
  }

  /** The contract's four value serdes, Confluent wire format on the given registry settings. */
  public static TopologySerdes serdes(Map<String, ?> serdeConfig) {
    return new TopologySerdes(
        ConfluentAvroSerde.specific(AuthEvent.class, serdeConfig, false),
        ConfluentAvroSerde.specific(TokenUseEvent.class, serdeConfig, false),
        ConfluentAvroSerde.specific(Alert.class, serdeConfig, false),
        ConfluentAvroSerde.specific(RevocationCommand.class, serdeConfig, false));
  }

  static DetectorSettings settings(VigilConfig config, SeedRules seed) {
    return new DetectorSettings(
        seed.pack(),
        config.observeOnly(),
        config.grace(),
        Clock.systemUTC(),
        Detectors.all(),
        RulePacks::parse,
        inputPartitions(config),
        config.warmUp());
  }

  /** Events keyed by identity in topics of this many partitions are judged with no internal hop. */
  private static int inputPartitions(VigilConfig config) {
    try (TopicAdmin admin = TopicAdmin.connect(config.clientConfig())) {
      return admin.maxPartitions(
          List.of(config.topics().authEvents(), config.topics().tokenEvents()));
    }
  }
}
