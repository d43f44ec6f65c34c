package dev.vigil.tools.soak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Every committed record of a topic, read from the beginning to its end with {@code
 * isolation.level=read_committed}, as a SOC pipeline or revocation consumer reads it: records of
 * aborted transactions are never seen, so whatever shows up twice here was committed twice.
 */
final class CommittedRecords {

  private CommittedRecords() {}

  static List<ConsumerRecord<byte[], byte[]>> readAll(
      String bootstrap, String topic, Duration limit) {
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.CLIENT_ID_CONFIG, "vigil-soak-audit",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, limit).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      // Under read_committed, the end is the last stable offset: nothing is still undecided.
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, limit);
      List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
      long deadline = System.nanoTime() + limit.toNanos();
      while (!done(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("cannot read " + topic + " to its end within " + limit);
        }
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
      return out;
    }
  }

  private static boolean done(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    Set<TopicPartition> assigned = consumer.assignment();
    for (TopicPartition tp : assigned) {
      if (consumer.position(tp) < end.get(tp)) {
        return false;
      }
    }
    return true;
  }
}
