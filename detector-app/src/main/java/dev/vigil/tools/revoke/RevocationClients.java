package dev.vigil.tools.revoke;

import dev.vigil.events.RevocationCommand;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** The Kafka clients of the revocation consumer, with the settings its guarantees rest on. */
public final class RevocationClients {

  private RevocationClients() {}

  /**
   * The consumer configuration: {@code kafkaConfig} (bootstrap servers, TLS, SASL ...) with the
   * settings the consumer's guarantees need laid over it, so a pass-through property cannot turn
   * them off.
   */
  public static Map<String, Object> consumerConfig(
      Map<String, Object> kafkaConfig, String groupId) {
    return consumerConfig(kafkaConfig, groupId, 50);
  }

  /**
   * As {@link #consumerConfig(Map, String)}, with at most {@code maxPollRecords} commands a poll
   * (see {@link #maxPollRecords}); a larger configured value is lowered to it.
   */
  public static Map<String, Object> consumerConfig(
      Map<String, Object> kafkaConfig, String groupId, int maxPollRecords) {
    Map<String, Object> config = new HashMap<>(kafkaConfig);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    // Commands of aborted detector transactions must never be applied.
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    // Offsets move only after a command is applied or dead-lettered.
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // A new group starts at the oldest retained command rather than missing the backlog.
    config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // Each command can take a full retry budget; bounded batches keep a poll's work inside the
    // poll interval, so a receiver outage cannot get this member evicted mid-batch.
    Object configured = config.get(ConsumerConfig.MAX_POLL_RECORDS_CONFIG);
    int records =
        configured == null
            ? maxPollRecords
            : Math.min(Integer.parseInt(configured.toString()), maxPollRecords);
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, records);
    return config;
  }

  /**
   * How many commands one poll may hand out so that, if every one of them spends its whole delivery
   * budget on a receiver that is down, the batch still ends within half of {@code
   * max.poll.interval.ms}: at least 1, at most 50.
   *
   * @param budgetPerCommand the longest one command can take: every sink's attempts and waits
   */
  public static int maxPollRecords(Map<String, Object> kafkaConfig, Duration budgetPerCommand) {
    Object interval = kafkaConfig.get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG);
    long intervalMs = interval == null ? 300_000 : Long.parseLong(interval.toString());
    long fits = intervalMs / 2 / Math.max(1, budgetPerCommand.toMillis());
    return (int) Math.max(1, Math.min(50, fits));
  }

  public static Consumer<String, RevocationCommand> consumer(
      Map<String, Object> kafkaConfig,
      String groupId,
      int maxPollRecords,
      Deserializer<RevocationCommand> valueDeserializer) {
    return new KafkaConsumer<>(
        consumerConfig(kafkaConfig, groupId, maxPollRecords),
        new StringDeserializer(),
        valueDeserializer);
  }

  public static Map<String, Object> deadLetterProducerConfig(Map<String, Object> kafkaConfig) {
    Map<String, Object> config = new HashMap<>(kafkaConfig);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return config;
  }

  public static Producer<byte[], byte[]> deadLetterProducer(Map<String, Object> kafkaConfig) {
    return new KafkaProducer<>(
        deadLetterProducerConfig(kafkaConfig),
        new ByteArraySerializer(),
        new ByteArraySerializer());
  }
}
