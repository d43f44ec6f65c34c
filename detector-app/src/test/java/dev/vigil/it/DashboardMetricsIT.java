package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.deploy.DashboardMetrics;
import dev.vigil.events.Alert;
import dev.vigil.rules.pack.RulePacks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every metric the provisioned Grafana dashboard and the Prometheus alert rules query is really
 * exported by a running detector's {@code /metrics}, scraped over HTTP after a little traffic that
 * exercises each of Vigil's meters: events in, a late event, an alert with its revocation, a
 * suppressed repeat, a revocation over the cap, and a dead letter.
 */
class DashboardMetricsIT {

  private static final String DEFAULT_CAP = "max_revocations_per_minute: 20";

  @TempDir Path stateDir;
  @TempDir Path packDir;

  @Test
  void everyMetricTheDashboardAndAlertRulesUseIsExported() throws Exception {
    ItScope scope = new ItScope("it-dashboard", 1);
    // The shipped pack, with room for one revocation a minute so the second one is capped.
    String packText = RulePacks.defaultPackText();
    assertThat(packText).contains(DEFAULT_CAP);
    Path pack =
        Files.writeString(
            packDir.resolve("pack.yaml"),
            packText.replace(DEFAULT_CAP, "max_revocations_per_minute: 1"));

    // Both replays fall in one minute of event time, the minute the cap counts in.
    Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(2, ChronoUnit.MINUTES);
    TokenReplay first = new TokenReplay("spiffe://prod/ns/ci/sa/deployer", "tok-dash-1", minute);
    TokenReplay second =
        new TokenReplay("spiffe://prod/ns/ci/sa/releaser", "tok-dash-2", minute.plusSeconds(1));

    try (RunningDetector detector =
            RunningDetector.start(
                scope, scope.config(stateDir, Map.of("vigil.rules", pack.toString())));
        EventWriter writer = new EventWriter(scope);
        CommittedReader<Alert> alerts = CommittedReader.alerts(scope)) {
      writer.send(first.issue(), second.issue());
      first.legitimateUses(1).forEach(writer::send);
      writer.send(first.replayed(10), second.replayed(12));
      // Same rule and identity inside its suppression window: merged, counted as suppressed.
      writer.send(first.replayedFrom("spiffe://prod/ns/sandbox/sa/other", 14));
      // Half an hour behind its topic's newest event, beyond the grace: late, dead-lettered.
      TokenReplay stale =
          new TokenReplay("spiffe://prod/ns/ci/sa/stale", "tok-stale", minute.minusSeconds(1800));
      writer.send(stale.legitimateUses(1).get(0));
      writer.sendRaw(
          scope.topics().tokenEvents(), "k", "garbage".getBytes(StandardCharsets.UTF_8), List.of());
      alerts.awaitAtLeast(2, Duration.ofSeconds(60));

      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () ->
                  assertThat(DashboardMetrics.missingIn(detector.scrape()))
                      .as("metrics used by deploy/ dashboards and alert rules but not exported")
                      .isEmpty());
    }
  }
}
