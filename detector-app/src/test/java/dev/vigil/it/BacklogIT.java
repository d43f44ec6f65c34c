package dev.vigil.it;

import static dev.vigil.detector.fixtures.Events.issued;
import static dev.vigil.detector.fixtures.Events.use;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A detector that starts behind a backlog — hours of both input topics, written while it was down —
 * judges every event of it, none as late: it reads the two topics in event-time order even when one
 * topic's fetched batches run far ahead of the other's.
 */
class BacklogIT {

  private static final int IDENTITIES = 40;
  private static final int TOKENS_PER_IDENTITY = 6;
  private static final int USES_PER_TOKEN = 10;

  @TempDir Path stateDir;

  @Test
  void aBacklogOfHoursIsJudgedWithNothingLate() throws Exception {
    ItScope scope = new ItScope("it-backlog", 3);
    // Started once to create the topics, then stopped: the backlog accumulates while it is down.
    try (RunningDetector first = RunningDetector.start(scope, stateDir)) {
      assertThat(first.scrape()).contains("vigil_events_late_total");
    }
    List<SpecificRecord> backlog =
        backlog(Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(Duration.ofHours(12)));
    try (EventWriter writer = new EventWriter(scope)) {
      writer.sendBacklog(backlog);
    }

    try (RunningDetector detector = RunningDetector.start(scope, stateDir)) {
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> RunningDetector.judged(detector.scrape()) >= backlog.size());
      String metrics = detector.scrape();
      assertThat(RunningDetector.sum(metrics, "vigil_events_late_total")).isZero();
      assertThat(RunningDetector.sum(metrics, "vigil_events_in_total")).isEqualTo(backlog.size());
    }
  }

  /** Token issuances and their uses, spread over ten hours, identities interleaved in time. */
  private static List<SpecificRecord> backlog(Instant start) {
    List<SpecificRecord> events = new ArrayList<>();
    long second = 0;
    for (int t = 0; t < TOKENS_PER_IDENTITY; t++) {
      for (int i = 0; i < IDENTITIES; i++) {
        String identity = "svc-" + i + "@corp";
        String token = "tok-" + i + "-" + t;
        events.add(
            issued(token + "-issued", start.plusSeconds(second), identity, token)
                .setAudience("github")
                .build());
        for (int u = 1; u <= USES_PER_TOKEN; u++) {
          events.add(
              use(token + "-use-" + u, start.plusSeconds(second + u), identity, token, "github")
                  .build());
        }
        second += 150;
      }
    }
    return events;
  }
}
