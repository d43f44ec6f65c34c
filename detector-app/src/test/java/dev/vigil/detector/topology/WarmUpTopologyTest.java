package dev.vigil.detector.topology;

import static dev.vigil.detector.fixtures.Events.attested;
import static dev.vigil.detector.fixtures.Events.issued;
import static dev.vigil.detector.fixtures.Events.use;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detector.fixtures.ManualClock;
import dev.vigil.detector.fixtures.TestPacks;
import dev.vigil.detector.fixtures.TopologyHarness;
import dev.vigil.events.Alert;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The history warm-up on the real topology, as the live detector runs it (event times bounded by a
 * wall clock the test moves): history builds state without being answered, its findings are
 * suppressed or retrospective and never revoke, and history beyond the horizon is not read. That
 * the go-live survives a restart is {@code GoLiveRestartTest}'s (the test driver wipes its state
 * directory when it closes).
 */
class WarmUpTopologyTest {

  private static final Instant GO_LIVE = Instant.parse("2026-12-01T00:00:00Z");
  private static final String ID = "spiffe://prod/ns/ci/sa/deployer";

  @TempDir Path stateDir;

  private final ManualClock clock = new ManualClock(GO_LIVE);

  private TopologyHarness harness(String warmUp, WarmUp.HistoryAlerts alerts) {
    return new TopologyHarness(
        TestPacks.standard(),
        Duration.ofMinutes(2),
        EventTimeBounds.of(clock),
        WarmUp.parse(warmUp, alerts),
        stateDir);
  }

  /** A token bound to workload A at {@code at}, valid for a day, used once from A. */
  private static void boundToken(TopologyHarness h, String token, Instant at) {
    h.send(
        issued("i-" + token, at, ID, token)
            .setSource(attested("spiffe://a", null))
            .setTokenExpiresAt(at.plus(Duration.ofDays(1))));
    h.send(
        use("u-" + token, at.plusSeconds(5), ID, token, "github")
            .setSource(attested("spiffe://a", null)));
  }

  /**
   * The same token presented by workload B: the context-mismatch rule fires, asking to revoke it.
   */
  private static void stolen(TopologyHarness h, String token, Instant at) {
    h.send(use("x-" + token, at, ID, token, "github").setSource(attested("spiffe://evil", null)));
  }

  @Test
  void historyBuildsStateButItsFindingsAreSuppressedAndTheFirstLiveAttackIsAnswered() {
    try (TopologyHarness h = harness("earliest", WarmUp.HistoryAlerts.SUPPRESS)) {
      Instant history = GO_LIVE.minus(Duration.ofHours(20));
      boundToken(h, "tok-old", history);
      stolen(h, "tok-old", history.plusSeconds(60));
      boundToken(h, "tok-live", history.plusSeconds(120));

      assertThat(h.alerts()).as("alerts on history").isEmpty();
      assertThat(h.revocations()).as("commands on history").isEmpty();
      assertThat(h.metrics.count("history.suppressed")).isEqualTo(1);
      assertThat(h.metrics.count("history.learned")).isEqualTo(5);

      // Live: the binding learned from history is what tells this use is someone else's.
      stolen(h, "tok-live", GO_LIVE.plusSeconds(30));

      List<Alert> alerts = h.alerts();
      assertThat(alerts).singleElement().satisfies(a -> assertThat(a.getRetrospective()).isFalse());
      assertThat(alerts.get(0).getEventIds()).containsExactly("i-tok-live", "x-tok-live");
      assertThat(alerts.get(0).getTokenExpiresAt())
          .isEqualTo(history.plusSeconds(120).plus(Duration.ofDays(1)));
      assertThat(h.revocations())
          .singleElement()
          .satisfies(c -> assertThat(c.getTokenId()).isEqualTo("tok-live"));
    }
  }

  @Test
  void retrospectiveAlertsAreMarkedNeverRevokeAndDoNotSwallowALiveAttack() {
    try (TopologyHarness h = harness("earliest", WarmUp.HistoryAlerts.RETROSPECTIVE)) {
      Instant history = GO_LIVE.minus(Duration.ofMinutes(10));
      boundToken(h, "tok-1", history);
      stolen(h, "tok-1", history.plusSeconds(60));
      boundToken(h, "tok-2", history.plusSeconds(120));

      List<Alert> retrospective = h.alerts();
      assertThat(retrospective)
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.getRetrospective()).isTrue();
                assertThat(a.getRuleId()).isEqualTo(TestPacks.CONTEXT);
              });
      assertThat(h.revocations()).as("commands for history").isEmpty();
      assertThat(h.metrics.count("history.retrospective")).isEqualTo(1);
      assertThat(h.metrics.count("latency")).as("history's age is no latency").isZero();
      assertThat(h.risk()).as("risk now, from history").isEmpty();

      // Live, inside the 30-minute suppression window the history alert opened.
      stolen(h, "tok-2", GO_LIVE.plusSeconds(10));
      assertThat(h.alerts())
          .singleElement()
          .satisfies(a -> assertThat(a.getRetrospective()).isFalse());
      assertThat(h.revocations())
          .singleElement()
          .satisfies(c -> assertThat(c.getTokenId()).isEqualTo("tok-2"));
      assertThat(h.risk()).as("the live alert weighs on risk").hasSize(1);
    }
  }

  @Test
  void historyOlderThanTheHorizonIsNotReadAtAll() {
    try (TopologyHarness h = harness("12h", WarmUp.HistoryAlerts.SUPPRESS)) {
      // Issued 20 h before go-live: beyond a 12 h warm-up, so the binding is never learned.
      boundToken(h, "tok-1", GO_LIVE.minus(Duration.ofHours(20)));
      boundToken(h, "tok-2", GO_LIVE.minus(Duration.ofHours(6)));
      assertThat(h.metrics.count("history.beyond_horizon")).isEqualTo(2);
      assertThat(h.metrics.count("history.learned")).isEqualTo(2);

      stolen(h, "tok-1", GO_LIVE.plusSeconds(10));
      stolen(h, "tok-2", GO_LIVE.plusSeconds(20));
      assertThat(h.alerts())
          .as("only the token learned within the horizon is known as bound")
          .singleElement()
          .satisfies(a -> assertThat(a.getTokenId()).isEqualTo("tok-2"));
    }
  }

  @Test
  void aTokenThatHasAlreadyExpiredIsNotRevokedAndTheAlertSaysWhy() {
    try (TopologyHarness h = harness("none", WarmUp.HistoryAlerts.SUPPRESS)) {
      Instant issued = GO_LIVE.minus(Duration.ofMinutes(4));
      h.send(
          issued("i-1", issued, ID, "tok-1")
              .setSource(attested("spiffe://a", null))
              .setTokenExpiresAt(GO_LIVE.minusSeconds(30)));
      // Stolen while still valid, judged live (no warm-up), but the alert goes out after expiry.
      stolen(h, "tok-1", issued.plusSeconds(60));

      assertThat(h.alerts())
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.getRetrospective()).isFalse();
                assertThat(a.getTags()).contains("vigil.revocation-withheld");
                assertThat(a.getSummary())
                    .endsWith(
                        "No revocation command was sent: the token expired at"
                            + " 2026-11-30T23:59:30Z, before this alert went out.");
              });
      assertThat(h.revocations()).isEmpty();
      assertThat(h.metrics.count("withheld")).isEqualTo(1);
    }
  }
}
