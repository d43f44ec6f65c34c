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
 * seen.
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
}
