package dev.vigil.tools.revoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.detector.fixtures.ManualClock;
import dev.vigil.events.RevocationCommand;
import dev.vigil.runtime.lifecycle.RetryPolicy;
import dev.vigil.runtime.lifecycle.Sleeper;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class RevocationConsumerTest {

  private static final String TOPIC = "identity.revocations";
  private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
  private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
  private static final byte[] SECRET = "consumer-test-secret".getBytes(StandardCharsets.UTF_8);

  @TempDir Path stateDir;
  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-28T10:00:00Z"));
  private final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
  @RegisterExtension final WebhookServer server = new WebhookServer();

  /** One consumer process: a fresh Kafka consumer and the dedup store reopened from disk. */
  private final class Instance implements AutoCloseable {
    final MockConsumer<String, RevocationCommand> kafka;
    final AppliedCommandStore store = AppliedCommandStore.open(stateDir, Duration.ofDays(7), clock);
    final RevocationConsumer consumer;
    final List<Duration> registryWaits = new ArrayList<>();

    Instance() {
      this(new MockConsumer<>("earliest"));
    }

    Instance(MockConsumer<String, RevocationCommand> kafka) {
      this.kafka = kafka;
      DeadLetterPublisher deadLetters =
          new DeadLetterPublisher(producer, "identity.revocations.dlq", Duration.ofSeconds(5));
      RevocationApplier applier =
          new RevocationApplier(
              List.of(WebhookSink.create(server.uri(), SECRET, Duration.ofSeconds(5), false)),
              store,
              deadLetters,
              new RetryPolicy(3, Duration.ZERO, Duration.ZERO),
              Sleeper.REAL);
      consumer =
          new RevocationConsumer(
              kafka,
              TOPIC,
              applier,
              deadLetters,
              RetryPolicy.forever(Duration.ofSeconds(1), Duration.ofSeconds(30)),
              registryWaits::add);
      consumer.subscribe();
      kafka.rebalance(List.of(P0, P1));
      kafka.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
    }

    void add(TopicPartition partition, long offset, RevocationCommand command) {
      kafka.addRecord(
          new ConsumerRecord<>(
              TOPIC,
              partition.partition(),
              offset,
              command == null ? "k" : command.getIdentityId(),
              command));
    }

    Map<TopicPartition, OffsetAndMetadata> committed() {
      return kafka.committed(Set.of(P0, P1));
    }

    @Override
    public void close() {
      store.close();
    }
  }

  private List<String> deliveredCommandIds() {
    return server.received().stream().map(r -> r.header("X-Vigil-Command-Id")).toList();
  }

  @Test
  void deliversEachCommandIdExactlyOnceAcrossARestart() throws Exception {
    try (Instance first = new Instance()) {
      first.add(P0, 0, Commands.revokeToken("cmd-a"));
      first.add(P0, 1, Commands.revokeToken("cmd-b"));
      first.add(P1, 0, Commands.revokeToken("cmd-c"));
      // The detector may emit the same command again (reprocessing after its own restart).
      first.add(P1, 1, Commands.revokeToken("cmd-a"));

      assertThat(first.consumer.pollOnce(Duration.ofMillis(10))).isEqualTo(4);
      assertThat(first.committed().get(P0).offset()).isEqualTo(2);
      assertThat(first.committed().get(P1).offset()).isEqualTo(2);
    }
    assertThat(deliveredCommandIds()).containsExactlyInAnyOrder("cmd-a", "cmd-b", "cmd-c");

    // The restarted process reads everything again, as after a crash before the commits reached
    // the broker, plus one new command.
    try (Instance second = new Instance()) {
      second.add(P0, 0, Commands.revokeToken("cmd-a"));
      second.add(P0, 1, Commands.revokeToken("cmd-b"));
      second.add(P1, 0, Commands.revokeToken("cmd-c"));
      second.add(P1, 1, Commands.revokeToken("cmd-a"));
      second.add(P1, 2, Commands.revokeToken("cmd-d"));

      assertThat(second.consumer.pollOnce(Duration.ofMillis(10))).isEqualTo(5);
      assertThat(second.committed().get(P1).offset()).isEqualTo(3);
    }
    assertThat(deliveredCommandIds()).containsExactlyInAnyOrder("cmd-a", "cmd-b", "cmd-c", "cmd-d");
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void aCommandThatFailedIsNotDeadLetteredTwiceAfterARestart() throws Exception {
    server.respondWith(410);
    try (Instance first = new Instance()) {
      first.add(P0, 0, Commands.revokeToken("gone"));
      first.consumer.pollOnce(Duration.ofMillis(10));
    }
    try (Instance second = new Instance()) {
      second.add(P0, 0, Commands.revokeToken("gone"));
      second.consumer.pollOnce(Duration.ofMillis(10));
      assertThat(second.committed().get(P0).offset()).isEqualTo(1);
    }
    assertThat(server.received()).hasSize(1);
    assertThat(producer.history()).hasSize(1);
  }

  @Test
  void anUndecodableRecordGoesToTheDeadLettersWithItsBytesAndIsSkipped() throws Exception {
    try (Instance instance = new Instance()) {
      byte[] garbage = {0x01, 0x02, 0x03};
      RecordHeaders original = new RecordHeaders();
      original.add("trace", "t-1".getBytes(StandardCharsets.UTF_8));
      instance.kafka.setPollException(
          new RecordDeserializationException(
              RecordDeserializationException.DeserializationExceptionOrigin.VALUE,
              P0,
              7,
              0L,
              TimestampType.CREATE_TIME,
              ByteBuffer.wrap("key-7".getBytes(StandardCharsets.UTF_8)),
              ByteBuffer.wrap(garbage),
              original,
              "Unknown magic byte!",
              new IllegalArgumentException("Unknown magic byte!")));

      assertThat(instance.consumer.pollOnce(Duration.ofMillis(10))).isEqualTo(1);

      assertThat(instance.committed().get(P0).offset()).isEqualTo(8);
      assertThat(instance.kafka.position(P0)).isEqualTo(8);
      ProducerRecord<byte[], byte[]> dead = producer.history().get(0);
      assertThat(dead.value()).isEqualTo(garbage);
      assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo("key-7");
      assertThat(new String(dead.headers().lastHeader("trace").value(), StandardCharsets.UTF_8))
          .isEqualTo("t-1");
      assertThat(
              new String(
                  dead.headers().lastHeader(DeadLetterPublisher.REASON).value(),
                  StandardCharsets.UTF_8))
          .startsWith("undecodable VALUE")
          .contains("Unknown magic byte!");
      assertThat(
              new String(
                  dead.headers().lastHeader(DeadLetterPublisher.SOURCE_OFFSET).value(),
                  StandardCharsets.UTF_8))
          .isEqualTo("7");
    }
  }

  @Test
  void aRegistryOutageIsWaitedOutNotDeadLettered() throws Exception {
    try (Instance instance = new Instance()) {
      instance.add(P0, 0, Commands.revokeToken("after-outage"));
      RecordDeserializationException unreachable =
          new RecordDeserializationException(
              RecordDeserializationException.DeserializationExceptionOrigin.VALUE,
              P0,
              0,
              0L,
              TimestampType.CREATE_TIME,
              null,
              ByteBuffer.wrap(new byte[] {0, 0, 0, 0, 1}),
              new RecordHeaders(),
              "fetching schema 1 failed",
              new SocketException("Connection refused"));

      for (int poll = 0; poll < 3; poll++) {
        instance.kafka.setPollException(unreachable);
        assertThat(instance.consumer.pollOnce(Duration.ofMillis(10))).isZero();
      }

      assertThat(producer.history()).as("nothing dead-lettered").isEmpty();
      assertThat(instance.committed().get(P0)).as("nothing committed").isNull();
      assertThat(instance.registryWaits)
          .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));

      assertThat(instance.consumer.pollOnce(Duration.ofMillis(10))).isEqualTo(1);
      assertThat(deliveredCommandIds()).containsExactly("after-outage");
      assertThat(instance.committed().get(P0).offset()).isEqualTo(1);
    }
  }

  @Test
  void aRefusedCommitEndsTheBatchSoNothingOfAMovedPartitionIsApplied() throws Exception {
    MockConsumer<String, RevocationCommand> evicted =
        new MockConsumer<>("earliest") {
          @Override
          public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
            throw new CommitFailedException("member evicted: poll interval exceeded");
          }
        };
    try (Instance instance = new Instance(evicted)) {
      instance.add(P0, 0, Commands.revokeToken("in-hand"));
      instance.add(P0, 1, Commands.revokeToken("not-ours-any-more"));
      instance.add(P1, 0, Commands.revokeToken("nor-this"));

      assertThat(instance.consumer.pollOnce(Duration.ofMillis(10))).isEqualTo(1);

      assertThat(deliveredCommandIds())
          .as("the command in hand is applied, none after the refused commit")
          .hasSize(1);
    }
  }

  @Test
  void batchesAreBoundedByTheDeliveryBudget() {
    Duration budget = Duration.ofSeconds(75);

    assertThat(RevocationClients.maxPollRecords(Map.of(), budget)).isEqualTo(2);
    assertThat(RevocationClients.maxPollRecords(Map.of("max.poll.interval.ms", "60000"), budget))
        .isEqualTo(1);
    assertThat(RevocationClients.maxPollRecords(Map.of(), Duration.ofMillis(100))).isEqualTo(50);
    assertThat(
            RevocationClients.consumerConfig(Map.of("max.poll.records", "500"), "g", 2)
                .get("max.poll.records"))
        .as("a configured larger batch is lowered to the bound")
        .isEqualTo(2);
  }

  @Test
  void anEmptyRecordIsSkippedAndCommitted() throws Exception {
    try (Instance instance = new Instance()) {
      instance.add(P0, 0, null);
      instance.add(P0, 1, Commands.revokeToken("after-empty"));

      assertThat(instance.consumer.pollOnce(Duration.ofMillis(10))).isEqualTo(2);

      assertThat(instance.committed().get(P0).offset()).isEqualTo(2);
      assertThat(deliveredCommandIds()).containsExactly("after-empty");
    }
  }

  @Test
  void runDeliversUntilStopped() throws Exception {
    try (Instance instance = new Instance()) {
      instance.add(P0, 0, Commands.revokeToken("while-running"));
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread loop =
          new Thread(
              () -> {
                try {
                  instance.consumer.run(Duration.ofMillis(20));
                } catch (Throwable t) {
                  failure.set(t);
                }
              });
      loop.start();

      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> deliveredCommandIds().contains("while-running"));
      instance.consumer.stop();
      loop.join(10_000);

      assertThat(loop.isAlive()).isFalse();
      assertThat(failure.get()).isNull();
      assertThat(instance.committed().get(P0).offset()).isEqualTo(1);
    }
  }
}
