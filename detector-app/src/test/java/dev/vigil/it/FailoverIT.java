package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.events.Alert;
import dev.vigil.events.RevocationCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas of one deployment (same application id, own state directories and metrics ports)
 * share the partitions; when one stops mid-stream the other takes over its tasks with their state,
 * and the read_committed revocation topic holds each command exactly once.
 */
class FailoverIT {

  private static final int TOKENS = 6;

  @TempDir Path stateA;
  @TempDir Path stateB;

  @Test
  void theSurvivorTakesOverWithStateAndNoRevocationIsDuplicated() throws Exception {
    ItScope scope = new ItScope("it-failover", 2);
    Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(120);
    List<TokenReplay> replays =
        IntStream.range(0, TOKENS)
            .mapToObj(
                i ->
                    new TokenReplay(
                        "spiffe://prod/ns/team-" + i + "/sa/deployer",
                        "tok-" + i,
                        start.plusSeconds(i)))
            .toList();

    try (EventWriter writer = new EventWriter(scope);
        CommittedReader<Alert> alerts = CommittedReader.alerts(scope);
        CommittedReader<RevocationCommand> commands = CommittedReader.revocations(scope);
        RunningDetector b = RunningDetector.start(scope, stateB)) {
      RunningDetector a = RunningDetector.start(scope, stateA);
      List<TaskId> tasksOfA;
      try {
        // Both replicas hold tasks once the rebalance that admitted A has settled.
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(100))
            .until(
                () ->
                    !activeTasks(a).isEmpty()
                        && !activeTasks(b).isEmpty()
                        && running(a)
                        && running(b));
        tasksOfA = activeTasks(a);

        // Every token is issued (its context held by whichever replica owns its partition); the
        // first half is replayed while both run.
        replays.forEach(r -> writer.send(r.issue()));
        replays.forEach(r -> r.legitimateUses(1).forEach(writer::send));
        replays.subList(0, TOKENS / 2).forEach(r -> writer.send(r.replayed(30)));
        alerts.awaitAtLeast(TOKENS / 2, Duration.ofSeconds(60));
        // One more replay is in flight as A stops: whoever commits it, it is answered once.
        writer.send(replays.get(TOKENS / 2).replayed(30));
      } finally {
        a.close();
      }

      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> running(b) && activeTasks(b).containsAll(tasksOfA));
      replays.subList(TOKENS / 2 + 1, TOKENS).forEach(r -> writer.send(r.replayed(30)));

      assertThat(alerts.awaitExactly(TOKENS, Duration.ofSeconds(60)))
          .extracting(r -> r.value().getAlertId())
          .containsExactlyInAnyOrderElementsOf(replays.stream().map(TokenReplay::alertId).toList());
      List<ConsumerRecord<String, RevocationCommand>> issued =
          commands.awaitExactly(TOKENS, Duration.ofSeconds(30));
      assertThat(issued)
          .extracting(r -> r.value().getCommandId())
          .doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(
              replays.stream().map(TokenReplay::commandId).toList());
    }
  }

  private static List<TaskId> activeTasks(RunningDetector detector) {
    List<TaskId> tasks = new ArrayList<>();
    for (ThreadMetadata thread : detector.started().streams().streams().metadataForLocalThreads()) {
      thread.activeTasks().forEach(task -> tasks.add(task.taskId()));
    }
    return tasks;
  }

  private static boolean running(RunningDetector detector) {
    return detector.started().streams().streams().state() == KafkaStreams.State.RUNNING;
  }
}
