package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.events.Alert;
import dev.vigil.events.Detection;
import dev.vigil.events.ResponseAction;
import dev.vigil.events.RevocationAction;
import dev.vigil.events.RevocationCommand;
import dev.vigil.events.Severity;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events in, alerts and revocation commands out, end to end: emitter-side Confluent serializer on a
 * real registry, the detector as {@code vigil run} starts it on a real broker with exactly-once,
 * and read_committed consumers on its output topics.
 */
class EventsToAlertsIT {

  @TempDir Path stateDir;

  @Test
  void aReplayedBoundTokenGivesExactlyOneAlertAndOneRevocationAndBenignTrafficNone()
      throws Exception {
    ItScope scope = new ItScope("it-e2e", 2);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    TokenReplay stolen =
        new TokenReplay("spiffe://prod/ns/ci/sa/deployer", "tok-stolen", now.minusSeconds(60));
    TokenReplay quiet =
        new TokenReplay("spiffe://prod/ns/ci/sa/builder", "tok-quiet", now.minusSeconds(60));

    try (RunningDetector detector = RunningDetector.start(scope, stateDir);
        EventWriter writer = new EventWriter(scope);
        CommittedReader<Alert> alerts = CommittedReader.alerts(scope);
        CommittedReader<RevocationCommand> commands = CommittedReader.revocations(scope)) {
      // Benign: both tokens used from their own workload; then one of them is replayed.
      writer.send(stolen.issue(), quiet.issue());
      stolen.legitimateUses(3).forEach(writer::send);
      quiet.legitimateUses(10).forEach(writer::send);
      writer.send(stolen.replayed(20));

      List<ConsumerRecord<String, Alert>> alertRecords =
          alerts.awaitExactly(1, Duration.ofSeconds(60));
      Alert alert = alertRecords.get(0).value();
      assertThat(alertRecords.get(0).key()).isEqualTo(stolen.identity());
      assertThat(alert.getAlertId()).isEqualTo(stolen.alertId());
      assertThat(alert.getRuleId()).isEqualTo(TokenReplay.RULE);
      assertThat(alert.getDetection()).isEqualTo(Detection.TOKEN_REPLAY);
      assertThat(alert.getSeverity()).isEqualTo(Severity.CRITICAL);
      assertThat(alert.getAction()).isEqualTo(ResponseAction.REVOKE_TOKEN);
      assertThat(alert.getIdentityId()).isEqualTo(stolen.identity());
      assertThat(alert.getTokenId()).isEqualTo(stolen.token());
      assertThat(alert.getEventIds())
          .containsExactly(stolen.issue().getEventId(), stolen.replayed(20).getEventId());

      List<ConsumerRecord<String, RevocationCommand>> commandRecords =
          commands.awaitExactly(1, Duration.ofSeconds(30));
      RevocationCommand command = commandRecords.get(0).value();
      assertThat(commandRecords.get(0).key()).isEqualTo(stolen.identity());
      assertThat(command.getCommandId()).isEqualTo(stolen.commandId());
      assertThat(command.getAlertId()).isEqualTo(stolen.alertId());
      assertThat(command.getAction()).isEqualTo(RevocationAction.REVOKE_TOKEN);
      assertThat(command.getTokenId()).isEqualTo(stolen.token());
      assertThat(command.getIdentityId()).isEqualTo(stolen.identity());
      assertThat(command.getDryRun()).isFalse();

      assertThat(detector.scrape())
          .contains("vigil_events_in_total{type=\"auth\"} 2.0")
          .contains("vigil_events_in_total{type=\"token_use\"} 14.0");
    }
  }

  @Test
  void eventsScatteredOverPartitionsByAnyKeyAreBroughtTogetherPerIdentity() throws Exception {
    ItScope scope = new ItScope("it-e2e-scattered", 3);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    TokenReplay stolen =
        new TokenReplay("svc-payments@corp", "tok-scattered", now.minusSeconds(60));
    TokenReplay quiet = new TokenReplay("svc-ledger@corp", "tok-calm", now.minusSeconds(60));

    try (RunningDetector detector = RunningDetector.start(scope, stateDir);
        EventWriter writer = new EventWriter(scope);
        CommittedReader<Alert> alerts = CommittedReader.alerts(scope);
        CommittedReader<RevocationCommand> commands = CommittedReader.revocations(scope)) {
      // Keyed by event id: one identity's events spread over all partitions of both input topics,
      // most of them away from the identity's partition.
      writer.sendScattered(stolen.issue(), quiet.issue());
      stolen.legitimateUses(5).forEach(writer::sendScattered);
      quiet.legitimateUses(10).forEach(writer::sendScattered);
      writer.sendScattered(stolen.replayed(20));

      List<ConsumerRecord<String, Alert>> alertRecords =
          alerts.awaitExactly(1, Duration.ofSeconds(60));
      Alert alert = alertRecords.get(0).value();
      // Arrival order across partitions is not event order, so which pair of events convicts the
      // token may vary; that the replay is in it, and that it is one alert for the stolen token,
      // may not.
      assertThat(alert.getRuleId()).isEqualTo(TokenReplay.RULE);
      assertThat(alert.getIdentityId()).isEqualTo(stolen.identity());
      assertThat(alert.getTokenId()).isEqualTo(stolen.token());
      assertThat(alert.getEventIds()).contains(stolen.replayed(20).getEventId());
      assertThat(alert.getAction()).isEqualTo(ResponseAction.REVOKE_TOKEN);

      List<ConsumerRecord<String, RevocationCommand>> commandRecords =
          commands.awaitExactly(1, Duration.ofSeconds(30));
      assertThat(commandRecords.get(0).value().getAlertId()).isEqualTo(alert.getAlertId());
      assertThat(commandRecords.get(0).value().getTokenId()).isEqualTo(stolen.token());

      assertThat(detector.scrape())
          .contains("vigil_events_in_total{type=\"auth\"} 2.0")
          .contains("vigil_events_in_total{type=\"token_use\"} 16.0");
    }
  }
}
