package dev.vigil.runtime.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaIT {

  @Test
  void servesTransactionsToReadCommittedConsumersAndDeletesItsDirectoryOnClose() throws Exception {
    Path directory;
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      directory = kafka.directory();
      assertThat(kafka.bootstrapServers()).startsWith("127.0.0.1:");
      assertThat(Files.isDirectory(directory)).isTrue();

      try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
        admin
            .createTopics(List.of(new NewTopic("t", 2, (short) 1)))
            .all()
            .get(30, TimeUnit.SECONDS);
        // Creation is acknowledged before every listener's metadata has caught up.
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () ->
                    assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("t"));
      }

      try (KafkaProducer<String, String> producer = producer(kafka.bootstrapServers())) {
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>("t", "k1", "committed-1"));
        producer.send(new ProducerRecord<>("t", "k2", "committed-2"));
        producer.commitTransaction();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>("t", "k3", "aborted"));
        producer.flush();
        producer.abortTransaction();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>("t", "k4", "committed-3"));
        producer.commitTransaction();
      }

      assertThat(readCommitted(kafka.bootstrapServers(), "t", 3))
          .containsExactlyInAnyOrder("committed-1", "committed-2", "committed-3");
    }
    assertThat(Files.exists(directory)).isFalse();
  }

  @Test
  void restartsOnItsOwnDirectoryAndAddressKeepingTopicsAndRecords() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      String bootstrap = kafka.bootstrapServers();
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
        admin
            .createTopics(List.of(new NewTopic("kept", 1, (short) 1)))
            .all()
            .get(30, TimeUnit.SECONDS);
      }
      try (KafkaProducer<String, String> producer = producer(bootstrap)) {
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>("kept", "k", "before the restart"));
        producer.commitTransaction();
      }

      Duration down = kafka.restart();

      assertThat(down).isPositive();
      assertThat(kafka.bootstrapServers()).isEqualTo(bootstrap);
      try (KafkaProducer<String, String> producer = producer(bootstrap)) {
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>("kept", "k", "after the restart"));
        producer.commitTransaction();
      }
      assertThat(readCommitted(bootstrap, "kept", 2))
          .containsExactly("before the restart", "after the restart");
    }
  }

  @Test
  void refusesToOverrideTheSettingsItChoosesItself() {
    assertThatThrownBy(() -> EmbeddedKafka.start(Map.of("listeners", "PLAINTEXT://:9092")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'listeners'");
  }

  private static KafkaProducer<String, String> producer(String bootstrap) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.TRANSACTIONAL_ID_CONFIG,
            "embedded-kafka-test",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            true),
        new StringSerializer(),
        new StringSerializer());
  }

  private static List<String> readCommitted(String bootstrap, String topic, int expected) {
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "embedded-kafka-test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(Set.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      // Poll a little past the expected count so an aborted record that leaked would be seen.
      int emptyPollsAfterExpected = 0;
      while (System.nanoTime() < deadline && emptyPollsAfterExpected < 2) {
        var records = consumer.poll(Duration.ofMillis(500));
        for (ConsumerRecord<String, String> record : records) {
          values.add(record.value());
        }
        if (values.size() >= expected && records.isEmpty()) {
          emptyPollsAfterExpected++;
        }
      }
    }
    return values;
  }
}
