package dev.vigil.it;

import dev.vigil.detector.topology.VigilTopics;
import dev.vigil.runtime.config.PrefixedTopics;
import dev.vigil.runtime.config.VigilConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * One test's own detector deployment on the shared cluster: topics under a prefix, an application
 * id, and the partition count Vigil creates its topics with. Instances of the same scope form one
 * consumer group, as replicas of one deployment would.
 */
record ItScope(String name, int partitions) {

  /** Short commits keep each test's wait for exactly-once output well under a second. */
  private static final String COMMIT_INTERVAL_MS = "100";

  VigilTopics topics() {
    return PrefixedTopics.under(name);
  }

  String applicationId() {
    return name + "-detector";
  }

  /** The configuration of one instance: its own state directory, a free metrics port. */
  VigilConfig config(Path stateDir) {
    return config(stateDir, Map.of());
  }

  /** As {@link #config(Path)}, with further settings (e.g. {@code vigil.rules}). */
  VigilConfig config(Path stateDir, Map<String, String> extra) {
    Map<String, String> settings = new HashMap<>();
    settings.put("bootstrap.servers", ItCluster.kafka().bootstrapServers());
    settings.put("vigil.schema.registry.url", ItCluster.registryUrl());
    settings.put("application.id", applicationId());
    settings.put("state.dir", stateDir.toString());
    settings.put("commit.interval.ms", COMMIT_INTERVAL_MS);
    // The broker's minimum, so a rebalance waiting on a departed member is short.
    settings.put("session.timeout.ms", "6000");
    settings.put("vigil.http.port", "0");
    settings.put("vigil.shutdown.timeout", "20s");
    settings.put("vigil.topics.partitions", Integer.toString(partitions));
    settings.putAll(PrefixedTopics.settings(topics()));
    settings.putAll(extra);
    return VigilConfig.builder().commandLine(settings).build();
  }

  /** The serdes' settings: Confluent wire format on the shared registry. */
  Map<String, Object> serdeConfig() {
    return Map.of("schema.registry.url", ItCluster.registryUrl());
  }

  /** The changelog Kafka Streams keeps the detectors' state store in. */
  String detectorChangelog() {
    return applicationId() + "-vigil-detector-state-changelog";
  }
}
