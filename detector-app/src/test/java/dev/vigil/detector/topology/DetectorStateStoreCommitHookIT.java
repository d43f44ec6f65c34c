package dev.vigil.detector.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.runtime.broker.EmbeddedKafkaExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.IntegerDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DetectorStateStore}'s exactly-once flush on a real broker: Kafka Streams' stream thread,
 * {@code exactly_once_v2}, RocksDB under the store as in production. States reach the changelog
 * only when Kafka calls the internal {@code CachedStateStore.flushCache()} hook inside a commit;
 * what reached it is read back with {@code read_committed}, and a new instance with an empty state
 * directory restores it from the changelog and counts on from there.
 *
 * <p>If a Kafka upgrade stops calling the hook, this fails (no write, or a write not made from
 * {@code flushCache}, or a count that starts again at 1 after the restart): see the class comment
 * of {@link DetectorStateStore}.
 */
class DetectorStateStoreCommitHookIT {

  private static final String APPLICATION = "vigil-hook-it";
  private static final String CHANGELOG =
      APPLICATION + "-" + CommitHookTopology.STORE + "-changelog";
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @RegisterExtension static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

  @TempDir Path stateDirs;

  @BeforeAll
  static void createTopics() throws Exception {
    kafka.createTopics(
        new NewTopic(CommitHookTopology.SOURCE_TOPIC, 1, (short) 1),
        new NewTopic(CommitHookTopology.OUTPUT_TOPIC, 1, (short) 1));
  }

  @Test
  void statesReachTheChangelogOnlyThroughFlushCacheAtCommitAndComeBackFromIt() throws Exception {
    CommitHookTopology.clear();
    Path firstStateDir = Files.createDirectories(stateDirs.resolve("first"));
    try (KafkaStreams streams = start(firstStateDir)) {
      send("svc-a", "svc-a", "svc-b", "svc-a");

      assertThat(committed(CommitHookTopology.OUTPUT_TOPIC, new IntegerDeserializer(), 4))
          .extracting(ConsumerRecord::value)
          .containsExactly(1, 2, 1, 3);
      assertThat(latestStates())
          .as("last committed state per key in %s", CHANGELOG)
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(
                  CommitHookTopology.stateKey("svc-a"), 3,
                  CommitHookTopology.stateKey("svc-b"), 1));
    }
    DetectorStateStoreCommitHookTest.assertStatesWrittenOnlyByKafkaAtCommit();

    // A new instance on an empty state directory (a new pod, a lost disk) has only the changelog.
    Utils.delete(firstStateDir.toFile());
    Path secondStateDir = Files.createDirectories(stateDirs.resolve("second"));
    try (KafkaStreams streams = start(secondStateDir)) {
      send("svc-a");

      assertThat(committed(CommitHookTopology.OUTPUT_TOPIC, new IntegerDeserializer(), 5))
          .extracting(ConsumerRecord::value)
          .as("svc-a counted on from its state restored from the changelog")
          .containsExactly(1, 2, 1, 3, 4);
    }
  }

  private static KafkaStreams start(Path stateDir) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    KafkaStreams streams = new KafkaStreams(CommitHookTopology.build(StoreKind.PERSISTENT), props);
    streams.start();
    await().atMost(TIMEOUT).until(() -> streams.state() == KafkaStreams.State.RUNNING);
    return streams;
  }

  private static void send(String... keys) throws Exception {
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new StringSerializer(),
            new StringSerializer())) {
      for (String key : keys) {
        producer.send(new ProducerRecord<>(CommitHookTopology.SOURCE_TOPIC, key, "event")).get();
      }
    }
  }

  /** The last committed state of each key in the store's changelog. */
  private static Map<String, Integer> latestStates() {
    Map<String, Integer> latest = new LinkedHashMap<>();
    for (ConsumerRecord<String, byte[]> record :
        committed(CHANGELOG, new ByteArrayDeserializer(), 2)) {
      latest.put(record.key(), CommitHookTopology.count(record.value()));
    }
    return latest;
  }

  /**
   * Every committed record of {@code topic}, read from the start until at least {@code atLeast}
   * arrived and two polls in a row brought nothing more.
   */
  private static <V> List<ConsumerRecord<String, V>> committed(
      String topic, Deserializer<V> values, int atLeast) {
    List<ConsumerRecord<String, V>> records = new ArrayList<>();
    try (KafkaConsumer<String, V> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "hook-it-reader-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            new StringDeserializer(),
            values)) {
      consumer.subscribe(Set.of(topic));
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      int quietPolls = 0;
      while (System.nanoTime() < deadline && (records.size() < atLeast || quietPolls < 2)) {
        var batch = consumer.poll(Duration.ofMillis(500));
        batch.forEach(records::add);
        quietPolls = batch.isEmpty() ? quietPolls + 1 : 0;
      }
    }
    return records;
  }
}
