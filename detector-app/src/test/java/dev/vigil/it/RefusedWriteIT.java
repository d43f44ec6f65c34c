package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.detector.topology.DeadLetterHeaders;
import dev.vigil.events.RevocationCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write the broker refuses for the record itself is a dead letter with the broker's reason, and
 * the stream thread lives on: here the alerts topic takes no batch larger than 256 bytes (room for
 * transaction markers, not for an alert), so every alert is refused; each alert is dead-lettered,
 * its revocation command still goes out, and the next attack is still detected.
 *
 * <p>Under {@code at_least_once}. Under exactly-once the producer aborts the whole transaction on a
 * refused batch (Kafka's transactional producer, whatever the handler answers), and the task starts
 * again from its last commit; which is why Vigil never writes a record the broker would refuse for
 * its timestamp ({@link HostileEventTimeIT} runs under exactly-once).
 */
class RefusedWriteIT {

  @TempDir Path stateDir;

  @Test
  void aRecordTheBrokerRefusesIsDeadLetteredAndTheStreamGoesOn() throws Exception {
    ItScope scope = new ItScope("it-refused", 1);
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                ItCluster.kafka().bootstrapServers()))) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(scope.topics().alerts(), 1, (short) 1)
                      .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "256"))))
          .all()
          .get();
    }
    Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(30);
    TokenReplay first = new TokenReplay("spiffe://prod/ns/ci/sa/deployer", "tok-r1", start);
    TokenReplay second = new TokenReplay("spiffe://prod/ns/ci/sa/releaser", "tok-r2", start);

    try (RunningDetector detector =
            RunningDetector.start(
                scope, scope.config(stateDir, Map.of("processing.guarantee", "at_least_once")));
        EventWriter writer = new EventWriter(scope);
        CommittedReader<RevocationCommand> commands = CommittedReader.revocations(scope);
        CommittedReader<byte[]> deadLetters =
            new CommittedReader<>(scope.topics().deadLetters(), new ByteArrayDeserializer())) {
      Set<String> threads = threadNames(detector);
      writer.send(first.issue(), first.replayed(5));
      writer.send(second.issue(), second.replayed(6));

      assertThat(commands.awaitAtLeast(2, Duration.ofSeconds(60)))
          .extracting(r -> r.value().getCommandId())
          .contains(first.commandId(), second.commandId());
      List<ConsumerRecord<String, byte[]>> dead =
          deadLetters.awaitAtLeast(2, Duration.ofSeconds(30));
      assertThat(dead)
          .allSatisfy(
              r -> {
                assertThat(DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.TOPIC))
                    .isEqualTo(scope.topics().alerts());
                assertThat(DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.REASON))
                    .startsWith(RecordTooLargeException.class.getName());
              });
      assertThat(threadNames(detector)).as("no stream thread was replaced").isEqualTo(threads);
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(detector.scrape())
                      .contains(
                          "vigil_dlq_records_total{topic=\""
                              + scope.topics().alerts()
                              + "\"} 2.0"));
    }
  }

  private static Set<String> threadNames(RunningDetector detector) {
    Set<String> names = new TreeSet<>();
    for (ThreadMetadata thread : detector.started().streams().streams().metadataForLocalThreads()) {
      names.add(thread.threadName());
    }
    return names;
  }
}
