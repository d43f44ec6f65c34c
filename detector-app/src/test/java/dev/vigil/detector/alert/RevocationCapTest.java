package dev.vigil.detector.alert;

import static dev.vigil.detector.fixtures.Events.at;
import static dev.vigil.detector.fixtures.Events.auth;
import static dev.vigil.detector.fixtures.Events.issued;
import static dev.vigil.detector.fixtures.Events.use;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detector.fixtures.ManualClock;
import dev.vigil.detector.fixtures.TestPacks;
import dev.vigil.detector.fixtures.TopologyHarness;
import dev.vigil.detector.topology.EventTimeBounds;
import dev.vigil.events.Alert;
import dev.vigil.events.AuthEventKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The global revocation cap holds against forged time: it counts per minute of event time and per
 * minute of the wall clock, and both must allow a command. Before, it counted event time only, so
 * events dated in ever new minutes (replayed, forged, or from a producer's clock) opened a fresh
 * budget each.
 */
class RevocationCapTest {

  private static final int CAP = 2;

  /** Token {@code i} issued and revoked at event time {@code at}. */
  private static void issueAndRevoke(TopologyHarness h, int i, Instant at) {
    h.send(issued("i-" + i, at, "svc-" + i + "@corp", "tok-" + i));
    h.send(
        auth("r-" + i, at.plusSeconds(1), "svc-" + i + "@corp", AuthEventKind.TOKEN_REVOKED)
            .setTokenId("tok-" + i));
  }

  /** Revoked token {@code i} used at event time {@code at}: one revocation command. */
  private static void useRevoked(TopologyHarness h, int i, Instant at) {
    h.send(use("u-" + i, at, "svc-" + i + "@corp", "tok-" + i, "github"));
  }

  /** Tokens issued and revoked, then used, each in a minute of event time of its own. */
  private static void revocationsInSuccessiveMinutes(TopologyHarness h, int from, int to) {
    for (int i = from; i < to; i++) {
      issueAndRevoke(h, i, at(i * 300L));
      useRevoked(h, i, at(i * 300L + 200));
    }
  }

  private static TopologyHarness live(ManualClock clock) {
    return new TopologyHarness(
        TestPacks.withCap(TestPacks.standard(), CAP),
        Duration.ofMinutes(2),
        EventTimeBounds.of(clock));
  }

  @Test
  void eventsSpreadOverManyMinutesOfEventTimeGetOneBudgetPerWallClockMinute() {
    // Ten revocations, each in a minute of event time of its own, in one wall-clock minute.
    ManualClock clock = new ManualClock(at(3600));
    try (TopologyHarness h = live(clock)) {
      revocationsInSuccessiveMinutes(h, 0, 10);

      List<Alert> alerts = h.alerts();
      assertThat(alerts).hasSize(10);
      assertThat(h.revocations()).hasSize(CAP);
      assertThat(alerts)
          .filteredOn(a -> a.getTags().contains("vigil.revocation-capped"))
          .hasSize(10 - CAP);
      assertThat(h.metrics.count("capped")).isEqualTo(10 - CAP);
    }
  }

  @Test
  void aNewWallClockMinuteOpensANewBudget() {
    ManualClock clock = new ManualClock(at(3600));
    try (TopologyHarness h = live(clock)) {
      revocationsInSuccessiveMinutes(h, 0, 3);
      clock.advance(Duration.ofMinutes(1));
      revocationsInSuccessiveMinutes(h, 3, 6);

      assertThat(h.revocations()).hasSize(2 * CAP);
    }
  }

  @Test
  void theBudgetPerMinuteOfEventTimeStillHoldsAcrossWallClockMinutes() {
    ManualClock clock = new ManualClock(at(3600));
    try (TopologyHarness h = live(clock)) {
      // Four revocations in one minute of event time, each in a wall-clock minute of its own.
      for (int i = 0; i < 4; i++) {
        issueAndRevoke(h, i, at(i));
      }
      for (int i = 0; i < 4; i++) {
        useRevoked(h, i, at(200 + i));
        clock.advance(Duration.ofMinutes(1));
      }

      assertThat(h.revocations()).hasSize(CAP);
    }
  }

  /** Replays of history run days in seconds: there the wall clock says nothing, and is not used. */
  @Test
  void withoutBoundsOnlyEventTimeCounts() {
    try (TopologyHarness h =
        new TopologyHarness(
            TestPacks.withCap(TestPacks.standard(), CAP), false, Duration.ofMinutes(2))) {
      revocationsInSuccessiveMinutes(h, 0, 10);

      assertThat(h.revocations()).hasSize(10);
    }
  }
}
