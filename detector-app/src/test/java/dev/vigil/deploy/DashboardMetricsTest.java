package dev.vigil.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SortedMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The provisioned dashboard and alert rules query only metrics Vigil exports. Here against a scrape
 * written from the agreed metric list; {@link DashboardMetrics#missingIn} takes a live scrape the
 * same way.
 */
class DashboardMetricsTest {

  private static String sampleScrape() throws IOException {
    try (InputStream in =
        DashboardMetricsTest.class.getResourceAsStream("/deploy/vigil-metrics-sample.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String without(String scrape, String metric) {
    return scrape.lines().filter(line -> !line.contains(metric)).collect(Collectors.joining("\n"));
  }

  @Test
  void everyDashboardPanelAndAlertRuleQueriesAnExportedMetric() throws IOException {
    SortedMap<String, List<String>> missing = DashboardMetrics.missingIn(sampleScrape());

    assertThat(missing).as("metrics used by dashboards or rules but not exported").isEmpty();
  }

  @Test
  void theDashboardCoversEveryAreaTheOperatorWatches() {
    DashboardMetrics metrics = DashboardMetrics.load(DashboardMetrics.repositoryRoot());

    assertThat(metrics.metricNames())
        .contains(
            "vigil_events_in_total",
            "vigil_alerts_total",
            "vigil_alerts_suppressed_total",
            "vigil_revocations_total",
            "vigil_revocations_capped_total",
            "vigil_dlq_records_total",
            "vigil_event_to_alert_latency_seconds_bucket",
            "kafka_consumer_fetch_manager_records_lag_max",
            "vigil_streams_state",
            "kafka_stream_state_total_sst_files_size",
            "up");
    assertThat(metrics.uses())
        .filteredOn(use -> use.metric().equals("vigil_event_to_alert_latency_seconds_bucket"))
        .extracting(DashboardMetrics.Use::expr)
        .anyMatch(expr -> expr.startsWith("histogram_quantile(0.99,"));
  }

  @Test
  void alertRulesCoverDetectorDownLagDeadLettersAndStreamsState() {
    DashboardMetrics metrics = DashboardMetrics.load(DashboardMetrics.repositoryRoot());

    assertThat(metrics.uses())
        .extracting(DashboardMetrics.Use::where)
        .contains(
            "deploy/prometheus/rules/vigil-alerts.yml alert 'VigilDetectorDown'",
            "deploy/prometheus/rules/vigil-alerts.yml alert 'VigilConsumerLagGrowing'",
            "deploy/prometheus/rules/vigil-alerts.yml alert 'VigilDeadLettersGrowing'",
            "deploy/prometheus/rules/vigil-alerts.yml alert 'VigilStreamsNotRunning'");
  }

  @Test
  void noFunctionKeywordOrLabelIsMistakenForAMetric() {
    DashboardMetrics metrics = DashboardMetrics.load(DashboardMetrics.repositoryRoot());

    assertThat(metrics.metricNames())
        .allMatch(
            name ->
                name.startsWith("vigil_")
                    || name.startsWith("kafka_")
                    || name.startsWith("jvm_")
                    || name.equals("up"),
            "a metric name");
  }

  @Test
  void reportsAMissingMetricWithThePanelsAndAlertsThatUseIt() throws IOException {
    String scrape = without(sampleScrape(), "vigil_revocations_capped_total");

    SortedMap<String, List<String>> missing = DashboardMetrics.missingIn(scrape);

    assertThat(missing).containsOnlyKeys("vigil_revocations_capped_total");
    assertThat(missing.get("vigil_revocations_capped_total"))
        .containsExactlyInAnyOrder(
            "deploy/grafana/dashboards/vigil-overview.json panel 'Revocations capped'",
            "deploy/prometheus/rules/vigil-alerts.yml alert 'VigilRevocationsCapped'");
  }

  @Test
  void aSummaryWhereTheDashboardExpectsAHistogramIsMissingItsBuckets() throws IOException {
    String scrape =
        sampleScrape()
                .lines()
                .filter(line -> !line.contains("vigil_event_to_alert_latency_seconds"))
                .collect(Collectors.joining("\n"))
            + "\n# TYPE vigil_event_to_alert_latency_seconds summary\n"
            + "vigil_event_to_alert_latency_seconds{quantile=\"0.99\"} 0.4\n"
            + "vigil_event_to_alert_latency_seconds_count 6.0\n"
            + "vigil_event_to_alert_latency_seconds_sum 0.92\n";

    assertThat(DashboardMetrics.missingIn(scrape))
        .containsOnlyKeys("vigil_event_to_alert_latency_seconds_bucket");
  }

  @Test
  void refusesTextThatIsNotAScrape() {
    assertThatThrownBy(
            () -> DashboardMetrics.missingIn("<html><body>502 Bad Gateway</body></html>"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 1 is not a Prometheus sample");
  }
}
