package dev.vigil.runtime.topics;

import dev.vigil.detector.topology.VigilTopics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/** A topic Vigil needs, and how to create it when it is missing. */
public record TopicSpec(
    String name, int partitions, short replicationFactor, Map<String, String> configs) {

  public TopicSpec {
    configs = Map.copyOf(configs);
  }

  /**
   * Every topic Vigil reads or writes (the OCSF findings topic only when that output is on). The
   * rules topic is compacted with one partition: it holds one record per key (the active pack under
   * {@code active}), kept forever, in one order.
   *
   * @param replicationFactor -1 takes the broker's {@code default.replication.factor}
   */
  public static List<TopicSpec> vigilTopics(
      VigilTopics topics, int partitions, short replicationFactor) {
    List<TopicSpec> specs = new ArrayList<>();
    specs.addAll(
        List.of(
            new TopicSpec(topics.authEvents(), partitions, replicationFactor, Map.of()),
            new TopicSpec(topics.tokenEvents(), partitions, replicationFactor, Map.of()),
            new TopicSpec(topics.alerts(), partitions, replicationFactor, Map.of()),
            new TopicSpec(topics.revocations(), partitions, replicationFactor, Map.of()),
            new TopicSpec(
                topics.rules(),
                1,
                replicationFactor,
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)),
            new TopicSpec(topics.deadLetters(), partitions, replicationFactor, Map.of())));
    // One record per identity at risk, its latest verdict: compaction keeps the table, and a
    // tombstone lets an identity whose risk fell to none leave it.
    specs.add(
        new TopicSpec(
            topics.risk(),
            partitions,
            replicationFactor,
            Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
    if (topics.ocsfFindings() != null) {
      // Keyed by identity like the alerts, and as many partitions: findings follow alerts.
      specs.add(new TopicSpec(topics.ocsfFindings(), partitions, replicationFactor, Map.of()));
    }
    return List.copyOf(specs);
  }

  NewTopic toNewTopic() {
    return new NewTopic(name, Optional.of(partitions), Optional.of(replicationFactor))
        .configs(configs);
  }
}
