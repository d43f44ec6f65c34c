package dev.vigil.runtime.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.architecture.KafkaRelease;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * {@link EmbeddedKafka} is built from Kafka's server classes ({@code kafka.server.KafkaRaftServer},
 * {@code kafka.server.KafkaConfig}, {@code org.apache.kafka.metadata.storage.Formatter}, {@code
 * org.apache.kafka.server.common.MetadataVersion}), which are not a public API and may change in
 * any Kafka release. This test walks through everything Vigil needs from them, one step at a time,
 * and a failing step says which of those classes it exercises: start (format, configure, start),
 * topic creation, transactional produce, consume in a group with committed offsets, stop (port and
 * directory released), and a second broker in the same JVM after the first stopped (the demo, the
 * tests and {@code vigil broker} do that).
 *
 * <p>Restarting on the same log directory is not covered: {@link EmbeddedKafka} does not support it
 * (every start formats a new temporary directory, every close deletes it).
 */
class EmbeddedKafkaServerClassesIT {

  private static final String TOPIC = "server-classes";

  @Test
  void startsServesProducersAndGroupsStopsAndStartsAgainOnTheKafkaItWasCheckedOn()
      throws Exception {
    startUseAndStop("first broker");
    // Kafka's server classes keep JVM-wide state (metrics registries, JMX beans): a second broker
    // in the same JVM must start cleanly once the first is gone.
    startUseAndStop("second broker in the same JVM");
  }

  /** Runs every step on a new broker. */
  private static void startUseAndStop(String which) throws Exception {
    EmbeddedKafka kafka =
        step(
            which
                + ": start (Formatter formats the log directory, KafkaConfig accepts the"
                + " single-node properties, KafkaRaftServer starts and answers metadata requests)",
            EmbeddedKafka::start);
    Path directory = kafka.directory();
    int port = Integer.parseInt(kafka.bootstrapServers().substring("127.0.0.1:".length()));
    try (kafka) {
      String bootstrap = kafka.bootstrapServers();
      step(
          which + ": create a topic (the KRaft controller of one node)",
          () -> {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
              admin
                  .createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1)))
                  .all()
                  .get(30, TimeUnit.SECONDS);
            }
            return null;
          });
      step(
          which + ": produce in a transaction (transaction state log on one replica, min ISR 1)",
          () -> {
            produce(bootstrap, "a", "b", "c");
            return null;
          });
      List<String> consumed = new ArrayList<>();
      Map<TopicPartition, Long> positions =
          step(
              which + ": consume in a group and commit offsets (offsets topic on one replica)",
              () -> consumeAndCommit(bootstrap, 3, consumed));
      assertThat(consumed).containsExactlyInAnyOrder("a", "b", "c");
      Map<TopicPartition, OffsetAndMetadata> committed =
          step(
              which + ": read the group's committed offsets back",
              () -> {
                try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                  return admin
                      .listConsumerGroupOffsets("server-classes-group")
                      .partitionsToOffsetAndMetadata()
                      .get(30, TimeUnit.SECONDS);
                }
              });
      Map<TopicPartition, Long> committedOffsets = new HashMap<>();
      committed.forEach((partition, offset) -> committedOffsets.put(partition, offset.offset()));
      assertThat(committedOffsets).as("offsets committed by the group").isEqualTo(positions);
    }
    step(
        which + ": stop (KafkaRaftServer.shutdown and awaitShutdown release the port)",
        () -> {
          try (ServerSocket socket =
              new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
          }
        });
    assertThat(Files.exists(directory)).as("log directory deleted on close").isFalse();
  }

  private static void produce(String bootstrap, String... values) throws Exception {
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                "server-classes-tx",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true),
            new StringSerializer(),
            new StringSerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      for (String value : values) {
        producer.send(new ProducerRecord<>(TOPIC, value, value));
      }
      producer.commitTransaction();
    }
  }

  /**
   * Reads {@code expected} values into {@code values}, commits, returns the committed positions.
   */
  private static Map<TopicPartition, Long> consumeAndCommit(
      String bootstrap, int expected, List<String> values) {
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "server-classes-group",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(Set.of(TOPIC));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (values.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
      }
      consumer.commitSync(Duration.ofSeconds(30));
      Map<TopicPartition, Long> positions = new HashMap<>();
      for (TopicPartition partition : consumer.assignment()) {
        positions.put(partition, consumer.position(partition));
      }
      return positions;
    }
  }

  /**
   * Runs one step; a failure names the step, the Kafka version running and where to look, so an
   * upgrade that changed a server class is diagnosed from the test report alone.
   */
  private static <T> T step(String description, Callable<T> action) {
    try {
      return action.call();
    } catch (Throwable e) {
      throw new AssertionError(
          "EmbeddedKafka step failed on Kafka "
              + KafkaRelease.clients()
              + ": "
              + description
              + ". EmbeddedKafka relies on Kafka's server classes, which are not a public API;"
              + " its class comment names them, the versions they were checked on and what to do"
              + " when an upgrade breaks them.",
          e);
    }
  }
}
