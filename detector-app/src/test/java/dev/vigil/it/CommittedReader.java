package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.events.Alert;
import dev.vigil.events.RevocationCommand;
import dev.vigil.serde.ConfluentAvroSerde;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads one output topic from the beginning with {@code isolation.level=read_committed}, as Vigil's
 * consumers (SOC pipelines, revocation consumers) do: only records of committed transactions are
 * seen, so an aborted or duplicated write would show up here.
 */
final class CommittedReader<V> implements AutoCloseable {

  /** How long "no more records" must hold before a test accepts a final count. */
  static final Duration QUIET = Duration.ofSeconds(2);

  private final KafkaConsumer<String, V> consumer;
  private final List<ConsumerRecord<String, V>> records = new ArrayList<>();

  CommittedReader(String topic, Deserializer<V> values) {
    consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, ItCluster.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
            new StringDeserializer(),
            values);
    consumer.subscribe(Set.of(topic));
  }

  /** The scope's alerts, read with the contract's serde from the registry. */
  static CommittedReader<Alert> alerts(ItScope scope) {
    return new CommittedReader<>(
        scope.topics().alerts(),
        ConfluentAvroSerde.specific(Alert.class, scope.serdeConfig(), false).deserializer());
  }

  /** The scope's revocation commands, read with the contract's serde from the registry. */
  static CommittedReader<RevocationCommand> revocations(ItScope scope) {
    return new CommittedReader<>(
        scope.topics().revocations(),
        ConfluentAvroSerde.specific(RevocationCommand.class, scope.serdeConfig(), false)
            .deserializer());
  }

  /** Polls until at least {@code count} records were read in all; returns every record read. */
  List<ConsumerRecord<String, V>> awaitAtLeast(int count, Duration limit) {
    await().atMost(limit).pollInterval(Duration.ofMillis(10)).until(() -> poll().size() >= count);
    return List.copyOf(records);
  }

  /**
   * Polls until {@code count} records were read, then keeps polling for {@link #QUIET} to make sure
   * no further record (a duplicate, a false alert) follows; returns every record read.
   */
  List<ConsumerRecord<String, V>> awaitExactly(int count, Duration limit) {
    awaitAtLeast(count, limit);
    await()
        .during(QUIET)
        .atMost(QUIET.plusSeconds(5))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> assertThat(poll()).as("records on the topic").hasSize(count));
    return List.copyOf(records);
  }

  /** Polls until a record matching {@code wanted} was read; returns it. */
  ConsumerRecord<String, V> awaitMatching(
      Predicate<ConsumerRecord<String, V>> wanted, Duration limit) {
    await()
        .atMost(limit)
        .pollInterval(Duration.ofMillis(10))
        .until(() -> poll().stream().anyMatch(wanted));
    return records.stream().filter(wanted).findFirst().orElseThrow();
  }

  private List<ConsumerRecord<String, V>> poll() {
    consumer.poll(Duration.ofMillis(100)).forEach(records::add);
    return records;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
