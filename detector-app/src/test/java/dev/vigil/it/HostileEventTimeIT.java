package dev.vigil.it;

import static dev.vigil.detector.fixtures.Events.use;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.detector.topology.DeadLetterHeaders;
import dev.vigil.detector.topology.DeadLetters;
import dev.vigil.events.Alert;
import dev.vigil.events.TokenUseEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the real broker, event times a producer chooses cannot stop detection: an event dated hours or
 * years ahead of the clock, or a flood dated years (or before 1970) in the past, neither kills the
 * stream thread nor makes the honest events around it late. Without the bound, an event two hours
 * ahead ran stream time into the future: the broker refused the changelog write for its timestamp
 * ({@code message.timestamp.after.max.ms}, one hour), the production handler threw while building
 * the dead letter, the thread was replaced again and again on the same record, and every event
 * behind it was late.
 */
class HostileEventTimeIT {

  @TempDir Path stateDir;

  @Test
  void anEventDatedTwoHoursAheadNeitherKillsTheStreamThreadNorBlindsDetection() throws Exception {
    ItScope scope = new ItScope("it-future-2h", 1);
    Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60);
    TokenReplay replay = new TokenReplay("spiffe://prod/ns/ci/sa/deployer", "tok-2h", start);
    TokenUseEvent ahead =
        use("ahead-2h", Instant.now().plus(Duration.ofHours(2)), "svc-skewed@corp", "tok-s", "jira")
            .build();

    try (RunningDetector detector = RunningDetector.start(scope, stateDir);
        EventWriter writer = new EventWriter(scope);
        CommittedReader<Alert> alerts = CommittedReader.alerts(scope)) {
      Set<String> threads = threadNames(detector);
      writer.send(replay.issue());
      replay.legitimateUses(2).forEach(writer::send);
      writer.send(ahead);
      writer.send(replay.replayed(10));

      assertThat(alerts.awaitAtLeast(1, Duration.ofSeconds(60)))
          .extracting(r -> r.value().getAlertId())
          .contains(replay.alertId());
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(detector.scrape())
                      .contains(
                          "vigil_events_future_total{type=\"token_use\",verdict=\"clamped\"} 1.0")
                      .contains("vigil_events_in_total{type=\"token_use\"} 4.0"));
      assertThat(RunningDetector.sum(detector.scrape(), "vigil_events_late_total")).isZero();
      assertThat(threadNames(detector)).as("no stream thread was replaced").isEqualTo(threads);
    }
  }

  @Test
  void anEventDatedYearsAheadIsDeadLetteredAndDetectionGoesOn() throws Exception {
    ItScope scope = new ItScope("it-future-years", 1);
    Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60);
    TokenReplay replay = new TokenReplay("spiffe://prod/ns/ci/sa/deployer", "tok-yrs", start);
    TokenUseEvent years =
        use("ahead-years", Instant.parse("2099-01-01T00:00:00Z"), "svc-x@corp", "tok-x", "jira")
            .build();

    try (RunningDetector detector = RunningDetector.start(scope, stateDir);
        EventWriter writer = new EventWriter(scope);
        CommittedReader<Alert> alerts = CommittedReader.alerts(scope);
        CommittedReader<byte[]> deadLetters =
            new CommittedReader<>(scope.topics().deadLetters(), new ByteArrayDeserializer())) {
      Set<String> threads = threadNames(detector);
      writer.send(replay.issue());
      writer.send(years);
      replay.legitimateUses(2).forEach(writer::send);
      writer.send(replay.replayed(10));

      assertThat(alerts.awaitExactly(1, Duration.ofSeconds(60)))
          .extracting(r -> r.value().getAlertId())
          .containsExactly(replay.alertId());
      ConsumerRecord<String, byte[]> letter =
          deadLetters.awaitExactly(1, Duration.ofSeconds(30)).get(0);
      assertThat(letter.key()).isEqualTo("svc-x@corp");
      assertThat(DeadLetterHeaders.text(letter.headers(), DeadLetterHeaders.REASON))
          .isEqualTo(DeadLetters.FUTURE_EVENT);
      assertThat(DeadLetterHeaders.text(letter.headers(), DeadLetterHeaders.MESSAGE))
          .contains("event_time 2099-01-01T00:00:00Z");
      assertThat(detector.scrape())
          .contains("vigil_events_future_total{type=\"token_use\",verdict=\"dead_lettered\"} 1.0");
      assertThat(threadNames(detector)).as("no stream thread was replaced").isEqualTo(threads);
    }
  }

  @Test
  void aFloodOfFarPastEventsIsDeadLetteredAsLateAndDetectionGoesOn() throws Exception {
    ItScope scope = new ItScope("it-far-past", 1);
    Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60);
    TokenReplay replay = new TokenReplay("spiffe://prod/ns/ci/sa/deployer", "tok-past", start);
    List<TokenUseEvent> flood = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      flood.add(
          use("past-" + i, start.minus(Duration.ofDays(400 + i)), "svc-old@corp", "tok-o", "jira")
              .build());
    }
    // Before 1970: a negative timestamp, which Kafka Streams would drop without a trace.
    flood.add(
        use("pre-epoch", Instant.parse("1969-07-20T20:17:40Z"), "svc-old@corp", "tok-o", "jira")
            .build());

    try (RunningDetector detector = RunningDetector.start(scope, stateDir);
        EventWriter writer = new EventWriter(scope);
        CommittedReader<Alert> alerts = CommittedReader.alerts(scope);
        CommittedReader<byte[]> deadLetters =
            new CommittedReader<>(scope.topics().deadLetters(), new ByteArrayDeserializer())) {
      Set<String> threads = threadNames(detector);
      writer.send(replay.issue());
      replay.legitimateUses(2).forEach(writer::send);
      writer.sendBacklog(flood);
      writer.send(replay.replayed(10));

      assertThat(alerts.awaitExactly(1, Duration.ofSeconds(60)))
          .extracting(r -> r.value().getAlertId())
          .containsExactly(replay.alertId());
      List<ConsumerRecord<String, byte[]>> dead =
          deadLetters.awaitExactly(flood.size(), Duration.ofSeconds(30));
      assertThat(dead)
          .allSatisfy(
              r ->
                  assertThat(DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.REASON))
                      .isEqualTo(DeadLetters.LATE_EVENT));
      assertThat(RunningDetector.sum(detector.scrape(), "vigil_events_late_total"))
          .isEqualTo(flood.size());
      assertThat(threadNames(detector)).as("no stream thread was replaced").isEqualTo(threads);
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
