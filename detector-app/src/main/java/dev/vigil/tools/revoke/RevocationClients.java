package dev.vigil.tools.revoke;

import dev.vigil.events.RevocationCommand;
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
    Map<String, Object> config = new HashMap<>(kafkaConfig);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    // Commands of aborted detector transactions must never be applied.
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    // Offsets move only after a command is applied or dead-lettered.
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // A new group starts at the oldest retained command rather than missing the backlog.
    config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // Each command can take a full retry budget; small batches keep a poll's work bounded.
    config.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50);
    return config;
  }

  public static Consumer<String, RevocationCommand> consumer(
      Map<String, Object> kafkaConfig,
      String groupId,
      Deserializer<RevocationCommand> valueDeserializer) {
    return new KafkaConsumer<>(
        consumerConfig(kafkaConfig, groupId), new StringDeserializer(), valueDeserializer);
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
