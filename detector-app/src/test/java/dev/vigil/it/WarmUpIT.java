package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.events.Alert;
import dev.vigil.events.RevocationCommand;
import dev.vigil.runtime.config.VigilConfig;
import dev.vigil.runtime.topics.TopicAdmin;
import dev.vigil.runtime.topics.TopicSpec;
import dev.vigil.tools.simulate.SimulatedEstate;
import dev.vigil.tools.simulate.SimulationConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A first deployment on a real broker: days of simulated traffic, attacks among them, are on the
 * input topics before the detector ever starts; it starts with its defaults (warm-up {@code
 * earliest}, history alerts suppressed), learns from that history without answering it, and the
 * first live attack is alerted and answered at go-live, alone: no stale alert, no stale command.
 */
class WarmUpIT {

  @TempDir Path stateDir;

  @Test
  void daysOfHistoryBuildStateWithoutAFloodAndTheFirstLiveAttackIsAnswered() throws Exception {
    ItScope scope = new ItScope("it-warm-up", 2);
    VigilConfig config = scope.config(stateDir);
    try (TopicAdmin admin = TopicAdmin.connect(config.clientConfig())) {
      admin.ensure(TopicSpec.vigilTopics(scope.topics(), 2, (short) -1), true);
    }
    // Three days of a small estate with one attack campaign per detection, ending well before now.
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Instant historyStart = now.minus(Duration.ofDays(3)).minus(Duration.ofHours(1));
    List<SpecificRecord> history =
        new SimulatedEstate(SimulationConfig.of(11, historyStart, 3, 8, 1)).events().toList();
    assertThat(history).hasSizeBetween(1_000, 10_000);
    try (EventWriter writer = new EventWriter(scope)) {
      writer.sendBacklog(history);
    }

    TokenReplay live = new TokenReplay("spiffe://prod/ns/ci/sa/deployer", "tok-live", now);
    try (RunningDetector detector = RunningDetector.start(scope, config);
        EventWriter writer = new EventWriter(scope);
        CommittedReader<Alert> alerts = CommittedReader.alerts(scope);
        CommittedReader<RevocationCommand> commands = CommittedReader.revocations(scope)) {
      writer.send(live.issue());
      live.legitimateUses(2).forEach(writer::send);
      writer.send(live.replayed(10));
      long sent = history.size() + 4;

      ConsumerRecord<String, Alert> alert =
          alerts.awaitMatching(
              r -> r.value().getAlertId().equals(live.alertId()), Duration.ofSeconds(60));
      assertThat(alert.value().getRetrospective()).isFalse();
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> RunningDetector.judged(detector.scrape()) >= sent);

      assertThat(alerts.awaitExactly(1, Duration.ofSeconds(60)))
          .as("alerts: the live attack's, nothing from history")
          .extracting(r -> r.value().getAlertId())
          .containsExactly(live.alertId());
      assertThat(commands.awaitExactly(1, Duration.ofSeconds(60)))
          .extracting(r -> r.value().getCommandId())
          .containsExactly(live.commandId());
      String metrics = detector.scrape();
      assertThat(RunningDetector.sum(metrics, "vigil_history_events_total"))
          .as("history learned from")
          .isEqualTo(history.size());
      assertThat(RunningDetector.sum(metrics, "vigil_history_findings_total"))
          .as("what the history would have raised without the warm-up")
          .isPositive();
      assertThat(RunningDetector.sum(metrics, "vigil_events_late_total")).isZero();
    }
  }
}
