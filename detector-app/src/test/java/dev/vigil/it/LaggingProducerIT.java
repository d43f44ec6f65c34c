package dev.vigil.it;

import static dev.vigil.detector.fixtures.Events.auth;
import static dev.vigil.detector.fixtures.Events.issued;
import static dev.vigil.detector.fixtures.Events.use;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.events.Alert;
import dev.vigil.events.AuthEventKind;
import dev.vigil.events.Detection;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the real broker, the auth topic's producer delivers minutes after the token-use topic's (an
 * identity provider's log shipped in batches, a gateway's in real time): its events are judged, not
 * dead-lettered as late because the other topic is ahead. Lateness is judged within each input
 * partition; judged against the task's stream time, the token's issuance and the task's completion
 * here were two and a half minutes behind it, beyond a 30 s grace, and the completion was never
 * seen. And a restart, which forgets the partitions' times, still lets no far-past event through.
 */
class LaggingProducerIT {

  private static final String AGENT = "agent:release-bot";
  private static final String TOKEN = "tok-lagging";
  private static final String TASK = "release-42";

  @TempDir Path stateDir;

  @Test
  void anAuthTopicMinutesBehindTheTokenUseTopicLosesNothing() throws Exception {
    ItScope scope = new ItScope("it-lagging-producer", 1);
    // Within the warm-up's five minutes before go-live, so every event counts as live.
    Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(Duration.ofSeconds(210));

    try (RunningDetector detector =
            RunningDetector.start(scope, scope.config(stateDir, Map.of("vigil.grace", "30s")));
        EventWriter writer = new EventWriter(scope);
        CommittedReader<Alert> alerts = CommittedReader.alerts(scope)) {
      // Each topic has a time of its own: the identity provider's log has reached `start`.
      writer.send(issued("i-0", start, "agent:other-bot", "tok-other").build());
      // The gateway's record of the task's token used two minutes after the task completed.
      writer.send(
          use("u-1", start.plusSeconds(150), AGENT, TOKEN, "github").setTaskId(TASK).build());
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> RunningDetector.judged(detector.scrape()) >= 2);

      // The identity provider's log of the token's issuance and the task's end, delivered now.
      writer.send(
          issued("i-1", start, AGENT, TOKEN).setTaskId(TASK).build(),
          auth("c-1", start.plusSeconds(10), AGENT, AuthEventKind.TASK_COMPLETED)
              .setTaskId(TASK)
              .build());

      assertThat(alerts.awaitAtLeast(1, Duration.ofSeconds(60)))
          .extracting(r -> r.value().getDetection())
          .contains(Detection.ACCESS_OUTLIVES_INTENT);
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> assertThat(RunningDetector.judged(detector.scrape())).isEqualTo(4));
      String metrics = detector.scrape();
      assertThat(RunningDetector.sum(metrics, "vigil_events_late_total")).as("late").isZero();
      assertThat(RunningDetector.sum(metrics, "vigil_events_in_total")).isEqualTo(4);
    }
  }

  /**
   * After a restart no partition has a time of its own yet: its first record is judged against the
   * task's stream time, which Kafka Streams restores from the committed offsets' metadata. Were it
   * not restored, an hour-old event written first after the restart would pass as on time.
   */
  @Test
  void aRestartLetsNoFarPastEventThrough() throws Exception {
    ItScope scope = new ItScope("it-lateness-restart", 1);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    try (EventWriter writer = new EventWriter(scope)) {
      try (RunningDetector detector = RunningDetector.start(scope, stateDir)) {
        writer.send(
            issued("i-1", now, AGENT, TOKEN).build(),
            use("u-1", now.plusSeconds(1), AGENT, TOKEN, "github").build());
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> RunningDetector.judged(detector.scrape()) >= 2);
      }
      try (RunningDetector restarted = RunningDetector.start(scope, stateDir)) {
        writer.send(use("u-old", now.minus(Duration.ofHours(1)), AGENT, TOKEN, "github").build());
        writer.send(use("u-2", now.plusSeconds(2), AGENT, TOKEN, "github").build());
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> RunningDetector.judged(restarted.scrape()) >= 2);
        String metrics = restarted.scrape();
        assertThat(RunningDetector.sum(metrics, "vigil_events_late_total")).as("late").isEqualTo(1);
        assertThat(RunningDetector.sum(metrics, "vigil_events_in_total")).isEqualTo(1);
      }
    }
  }
}
