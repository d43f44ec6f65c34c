package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detector.topology.StateKeys;
import dev.vigil.events.Alert;
import dev.vigil.events.RevocationCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stop and start again: the restarted detector resumes from its committed offsets (nothing read
 * before the stop is alerted twice) with its state back, from the local state directory or, when
 * that is gone (a new pod, a lost disk), restored from the changelog topics.
 */
class RestartIT {

  /** The detector holding a token's issuance context; its states are keyed under its name. */
  private static final String TOKEN_DETECTOR = "token-replay";

  @TempDir Path stateDir;

  @Test
  void resumesWithItsLocalStateAfterARestart() throws Exception {
    stopAndRestart(new ItScope("it-restart-local", 2), false);
  }

  @Test
  void restoresItsStateFromTheChangelogWhenTheStateDirectoryIsGone() throws Exception {
    stopAndRestart(new ItScope("it-restart-wiped", 2), true);
  }

  private void stopAndRestart(ItScope scope, boolean wipeState) throws Exception {
    Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(120);
    TokenReplay early = new TokenReplay("spiffe://prod/ns/ci/sa/deployer", "tok-early", start);
    TokenReplay late =
        new TokenReplay("spiffe://prod/ns/ci/sa/releaser", "tok-late", start.plusSeconds(5));

    try (EventWriter writer = new EventWriter(scope);
        CommittedReader<Alert> alerts = CommittedReader.alerts(scope);
        CommittedReader<RevocationCommand> commands = CommittedReader.revocations(scope);
        CommittedReader<byte[]> tokenState =
            new CommittedReader<>(scope.detectorChangelog(), new ByteArrayDeserializer())) {
      try (RunningDetector before = RunningDetector.start(scope, stateDir)) {
        writer.send(early.issue(), late.issue());
        early.legitimateUses(2).forEach(writer::send);
        late.legitimateUses(2).forEach(writer::send);
        writer.send(early.replayed(30));

        assertThat(alerts.awaitAtLeast(1, Duration.ofSeconds(60)))
            .extracting(r -> r.value().getAlertId())
            .containsExactly(early.alertId());
        // The late token's bound context is committed state: in its changelog, offsets committed
        // with it.
        tokenState.awaitMatching(
            r -> StateKeys.key(TOKEN_DETECTOR, late.token()).equals(r.key()),
            Duration.ofSeconds(30));
      }

      // Stopped cleanly: every input record read so far is behind the group's committed offsets.
      assertThat(committedOffsets(scope)).isEqualTo(endOffsets(scope));
      if (wipeState) {
        Utils.delete(stateDir.toFile());
        assertThat(stateDir).doesNotExist();
      } else {
        assertThat(localStoreFiles()).isPositive();
      }

      try (RunningDetector after = RunningDetector.start(scope, stateDir)) {
        // Only the issuance, read before the stop, knows this use comes from the wrong workload.
        writer.send(late.replayed(40));

        assertThat(alerts.awaitExactly(2, Duration.ofSeconds(60)))
            .extracting(r -> r.value().getAlertId())
            .containsExactly(early.alertId(), late.alertId());
        assertThat(commands.awaitExactly(2, Duration.ofSeconds(30)))
            .extracting(ConsumerRecord::value)
            .extracting(RevocationCommand::getCommandId)
            .containsExactlyInAnyOrder(early.commandId(), late.commandId());
        if (wipeState) {
          assertThat(localStoreFiles())
              .as("state restored into the new state directory")
              .isPositive();
        }
      }
    }
  }

  /** The group's committed offsets on the input topics. */
  private static Map<TopicPartition, Long> committedOffsets(ItScope scope) throws Exception {
    try (Admin admin =
        Admin.create(Map.of("bootstrap.servers", ItCluster.kafka().bootstrapServers()))) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(scope.applicationId())
              .partitionsToOffsetAndMetadata()
              .get();
      Map<TopicPartition, Long> offsets = new HashMap<>();
      committed.forEach(
          (tp, om) -> {
            if (inputTopics(scope).contains(tp.topic())) {
              offsets.put(tp, om.offset());
            }
          });
      return offsets;
    }
  }

  /** The end offsets of the input topics' partitions that hold records. */
  private static Map<TopicPartition, Long> endOffsets(ItScope scope) throws Exception {
    try (Admin admin =
        Admin.create(Map.of("bootstrap.servers", ItCluster.kafka().bootstrapServers()))) {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (String topic : inputTopics(scope)) {
        for (int p = 0; p < scope.partitions(); p++) {
          latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
      }
      Map<TopicPartition, Long> offsets = new HashMap<>();
      admin
          .listOffsets(latest)
          .all()
          .get()
          .forEach(
              (tp, info) -> {
                if (info.offset() > 0) {
                  offsets.put(tp, info.offset());
                }
              });
      return offsets;
    }
  }

  private static List<String> inputTopics(ItScope scope) {
    return List.of(scope.topics().authEvents(), scope.topics().tokenEvents());
  }

  /** The detector store's files under the state directory. */
  private long localStoreFiles() throws IOException {
    if (!Files.isDirectory(stateDir)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(stateDir)) {
      return files.filter(p -> p.toString().contains("vigil-detector-state")).count();
    }
  }
}
