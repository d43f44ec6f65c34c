package dev.vigil.runtime.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detector.topology.VigilTopics;
import dev.vigil.events.Detection;
import dev.vigil.events.Severity;
import dev.vigil.rules.pack.RulePacks;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class MicrometerDetectionMetricsTest {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final MicrometerDetectionMetrics metrics = new MicrometerDetectionMetrics(registry);
  // Gauges hold their object weakly: keep it, as the runtime does.
  private final StreamsHealth health = new StreamsHealth(registry);

  @Test
  void aFreshDetectorExposesEveryAgreedMeterAtZero() {
    metrics.registerKnown(RulePacks.defaultPack(), VigilTopics.DEFAULTS, false);

    String scrape = registry.scrape();

    assertThat(scrape)
        .contains(
            "vigil_events_in_total{type=\"auth\"} 0.0",
            "vigil_events_in_total{type=\"token_use\"} 0.0",
            "vigil_events_late_total{type=\"token_use\"} 0.0",
            "vigil_alerts_total{detection=\"TOKEN_REPLAY\",rule=\"replay-attested-context-mismatch\",severity=\"CRITICAL\"} 0.0",
            "vigil_alerts_total{detection=\"LATERAL_MOVEMENT\",rule=\"lateral-tool-fanout\",severity=\"MEDIUM\"} 0.0",
            "vigil_alerts_suppressed_total{detection=\"SUDDEN_PRIVILEGE_USE\",rule=\"privilege-burst\"} 0.0",
            "vigil_revocations_total{action=\"REVOKE_TOKEN\",dry_run=\"false\"} 0.0",
            "vigil_revocations_capped_total{action=\"DISABLE_IDENTITY\"} 0.0",
            "vigil_dlq_records_total{topic=\"" + VigilTopics.DEFAULTS.authEvents() + "\"} 0.0",
            "vigil_event_to_alert_latency_seconds_bucket",
            "vigil_rules_loaded 0.0",
            "vigil_rules_rejected_total 0.0",
            "vigil_streams_state 0.0");
    assertThat(scrape).doesNotContain("dry_run=\"true\"").doesNotContain("action=\"NONE\"");
  }

  @Test
  void preRegisteredCountersAreTheOnesTheDetectionsIncrement() {
    metrics.registerKnown(RulePacks.defaultPack(), VigilTopics.DEFAULTS, false);

    metrics.alertEmitted(Detection.TOKEN_REPLAY, "replay-network-spread", Severity.HIGH);
    metrics.alertEmitted(Detection.TOKEN_REPLAY, "replay-network-spread", Severity.HIGH);

    assertThat(registry.scrape())
        .contains(
            "vigil_alerts_total{detection=\"TOKEN_REPLAY\",rule=\"replay-network-spread\",severity=\"HIGH\"} 2.0");
  }
}
