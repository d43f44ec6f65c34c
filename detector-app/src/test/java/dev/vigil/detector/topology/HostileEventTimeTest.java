package dev.vigil.detector.topology;

import static dev.vigil.detector.fixtures.Events.at;
import static dev.vigil.detector.fixtures.Events.attested;
import static dev.vigil.detector.fixtures.Events.auth;
import static dev.vigil.detector.fixtures.Events.issued;
import static dev.vigil.detector.fixtures.Events.use;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detector.fixtures.ManualClock;
import dev.vigil.detector.fixtures.TestPacks;
import dev.vigil.detector.fixtures.TopologyHarness;
import dev.vigil.events.Alert;
import dev.vigil.events.AuthEvent;
import dev.vigil.events.AuthEventKind;
import dev.vigil.events.TokenUseEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * A producer cannot push event time: events dated ahead of the wall clock (by hours, by years) or
 * before 1970 neither move stream time where honest events become late nor disappear; every
 * detection of the honest traffic around them still fires.
 */
class HostileEventTimeTest {

  private static final Duration GRACE = Duration.ofSeconds(30);

  /** The wall clock of a live detector: just after the last honest event. */
  private static final Instant NOW = at(30 * 60);

  /**
   * Honest traffic over 25 minutes with one attack per detection the standard pack answers: a token
   * replayed from another workload, a task token used after its task, a revoked token used, a token
   * presented at a tool its audience does not name. Each step is handed to {@code between} first,
   * so a test can slip hostile records in anywhere.
   */
  private static void honestTraffic(TopologyHarness h, Consumer<Integer> between) {
    between.accept(0);
    h.send(issued("i-1", at(0), "svc-a@corp", "tok-1").setSource(attested("spiffe://a", "jkt")));
    between.accept(1);
    h.send(
        use("u-1", at(60), "svc-a@corp", "tok-1", "github")
            .setSource(attested("spiffe://a", "jkt")));
    h.send(issued("i-2", at(120), "agent:bot", "tok-2").setTaskId("task-1"));
    between.accept(2);
    h.send(auth("c-1", at(240), "agent:bot", AuthEventKind.TASK_COMPLETED).setTaskId("task-1"));
    h.send(
        use("u-2", at(300), "svc-a@corp", "tok-1", "github")
            .setSource(attested("spiffe://evil", "jkt")));
    between.accept(3);
    h.send(use("v-1", at(600), "agent:bot", "tok-2", "mcp:filesystem"));
    h.send(issued("i-3", at(700), "svc-b@corp", "tok-3"));
    h.send(auth("r-3", at(710), "svc-b@corp", AuthEventKind.TOKEN_REVOKED).setTokenId("tok-3"));
    between.accept(4);
    h.send(use("u-3", at(900), "svc-b@corp", "tok-3", "github"));
    h.send(issued("i-4", at(1000), "svc-c@corp", "tok-4").setAudience("github"));
    between.accept(5);
    h.send(use("u-4", at(1500), "svc-c@corp", "tok-4", "vault"));
  }

  private static Set<String> alertIds(List<Alert> alerts) {
    Set<String> ids = new TreeSet<>();
    alerts.forEach(a -> ids.add(a.getRuleId() + " " + a.getAlertId()));
    return ids;
  }

  private static TopologyHarness live(ManualClock clock) {
    return new TopologyHarness(
        TestPacks.standard(),
        GRACE,
        new EventTimeBounds(clock, Duration.ofMinutes(5), Duration.ofDays(1)));
  }

  private static Set<String> honestAlerts() {
    try (TopologyHarness h = live(new ManualClock(NOW))) {
      honestTraffic(h, step -> {});
      assertThat(h.deadLetters()).isEmpty();
      return alertIds(h.alerts());
    }
  }

  @Test
  void theHonestTrafficFiresEveryDetection() {
    assertThat(honestAlerts())
        .extracting(id -> id.substring(0, id.indexOf(' ')))
        .containsExactlyInAnyOrder(
            TestPacks.CONTEXT, TestPacks.INTENT, TestPacks.REVOKED, TestPacks.AUDIENCE);
  }

  @Test
  void aRecordDatedYearsAheadIsDeadLetteredAndEveryDetectionStillFires() {
    try (TopologyHarness h = live(new ManualClock(NOW))) {
      honestTraffic(
          h,
          step -> {
            if (step == 1) {
              h.send(use("far", Instant.parse("2031-01-01T00:00:00Z"), "svc-x@corp", "t", "jira"));
            }
          });

      assertThat(alertIds(h.alerts())).isEqualTo(honestAlerts());
      assertThat(h.metrics.count("late")).isZero();
      assertThat(h.metrics.count("future.dead_lettered.token_use")).isEqualTo(1);
      List<TestRecord<String, byte[]>> dead = h.deadLetters();
      assertThat(dead)
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.key()).isEqualTo("svc-x@corp");
                assertThat(header(r, DeadLetterHeaders.REASON)).isEqualTo(DeadLetters.FUTURE_EVENT);
                assertThat(header(r, DeadLetterHeaders.MESSAGE))
                    .isEqualTo(
                        "event_time 2031-01-01T00:00:00Z is more than PT24H ahead of the wall"
                            + " clock "
                            + NOW);
                assertThat(header(r, DeadLetterHeaders.TOPIC))
                    .isEqualTo(VigilTopics.DEFAULTS.tokenEvents());
                assertThat(r.timestamp()).as("stamped when refused").isEqualTo(NOW.toEpochMilli());
                assertThat(
                        new AvroBinarySerde<>(TokenUseEvent.class)
                            .deserializer()
                            .deserialize("t", r.value())
                            .getEventId())
                    .isEqualTo("far");
              });
    }
  }

  @Test
  void eventsHoursAheadAreJudgedWithTheirOwnTimeButDoNotMoveStreamTime() {
    try (TopologyHarness h = live(new ManualClock(NOW))) {
      honestTraffic(
          h,
          step -> {
            if (step == 1 || step == 3) {
              // A producer whose clock is two hours fast (or writes local time as UTC).
              h.send(issued("skewed-" + step, NOW.plus(Duration.ofHours(2)), "svc-y@corp", "t"));
            }
          });

      assertThat(alertIds(h.alerts())).isEqualTo(honestAlerts());
      assertThat(h.metrics.count("late")).isZero();
      assertThat(h.deadLetters()).isEmpty();
      assertThat(h.metrics.count("future.clamped.auth")).isEqualTo(2);
      assertThat(h.metrics.count("in.auth")).as("judged, not dropped").isEqualTo(6 + 2);
    }
  }

  @Test
  void anAttackDatedAheadIsStillDetectedWithItsOwnTimeInTheEvidence() {
    Instant ahead = NOW.plus(Duration.ofHours(3));
    try (TopologyHarness h = live(new ManualClock(NOW))) {
      h.send(issued("i-1", at(0), "svc-a@corp", "tok-1").setSource(attested("spiffe://a", "jkt")));
      h.send(
          use("u-x", ahead, "svc-a@corp", "tok-1", "github")
              .setSource(attested("spiffe://x", "jkt")));

      assertThat(h.alerts())
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.getRuleId()).isEqualTo(TestPacks.CONTEXT);
                assertThat(a.getWindowEnd()).isEqualTo(ahead);
              });
      assertThat(h.revocations()).hasSize(1);
    }
  }

  @Test
  void anEventWithinTheSkewMovesStreamTimeToTheWallClockAndNoFurther() {
    ManualClock clock = new ManualClock(at(600));
    try (TopologyHarness h = live(clock)) {
      h.send(issued("i-2", at(0), "agent:bot", "tok-2").setTaskId("task-1"));
      // Four minutes ahead: within the skew, judged and not counted; stream time stops at 600.
      h.send(issued("fast", at(600 + 240), "svc-fast@corp", "tok-f"));
      // 20 s behind the wall clock, inside the 30 s grace: on time, though 260 s behind "fast".
      h.send(auth("c-1", at(580), "agent:bot", AuthEventKind.TASK_COMPLETED).setTaskId("task-1"));
      h.send(use("v-1", at(900), "agent:bot", "tok-2", "mcp:filesystem"));

      assertThat(h.metrics.count("late")).isZero();
      assertThat(h.metrics.count("future")).isZero();
      assertThat(h.alerts()).extracting(Alert::getRuleId).containsExactly(TestPacks.INTENT);
    }
  }

  @Test
  void aFloodOfFarPastEventsIsDeadLetteredAsLateAndDetectionGoesOn() {
    try (TopologyHarness h = live(new ManualClock(NOW))) {
      honestTraffic(
          h,
          step -> {
            if (step == 2) {
              for (int i = 0; i < 20; i++) {
                h.send(
                    use("old-" + i, at(0).minus(Duration.ofDays(400 + i)), "svc-o@corp", "t", "x"));
              }
              h.send(
                  use("pre-1970", Instant.parse("1969-07-20T20:17:40Z"), "svc-o@corp", "t", "x"));
              // The earliest time Avro can carry: stream time minus it overflowed, so it passed.
              h.send(use("min", Instant.ofEpochMilli(Long.MIN_VALUE), "svc-o@corp", "t", "x"));
            }
          });

      assertThat(alertIds(h.alerts())).isEqualTo(honestAlerts());
      assertThat(h.metrics.count("late.token_use")).isEqualTo(22);
      assertThat(h.deadLetters())
          .hasSize(22)
          .allSatisfy(
              r -> {
                assertThat(header(r, DeadLetterHeaders.REASON)).isEqualTo(DeadLetters.LATE_EVENT);
                assertThat(r.timestamp()).isEqualTo(NOW.toEpochMilli());
              });
    }
  }

  /**
   * Without bounds (replays of history) event time is taken as written, but an event dated before
   * 1970 is still dead-lettered as late: Kafka Streams dropped a negative timestamp without a
   * trace.
   */
  @Test
  void anEventDatedBefore1970IsDeadLetteredNotDroppedEvenWithoutBounds() {
    try (TopologyHarness h = new TopologyHarness(TestPacks.standard())) {
      h.send(issued("i-1", at(0), "svc-a@corp", "tok-1"));
      h.send(issued("moon", Instant.parse("1969-07-20T20:17:40Z"), "svc-a@corp", "tok-m"));

      assertThat(h.metrics.count("late.auth")).isEqualTo(1);
      assertThat(h.deadLetters())
          .singleElement()
          .satisfies(
              r -> {
                assertThat(header(r, DeadLetterHeaders.REASON)).isEqualTo(DeadLetters.LATE_EVENT);
                assertThat(
                        new AvroBinarySerde<>(AuthEvent.class)
                            .deserializer()
                            .deserialize("t", r.value())
                            .getEventId())
                    .isEqualTo("moon");
              });
    }
  }

  private static String header(TestRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
