package dev.vigil.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * {@link PromQlMetricNames} and {@link MetricsExposition}: the two halves of the dashboard check.
 */
class DashboardQueryParsingTest {

  @Test
  void findsMetricsInsideAggregationsFunctionsAndMatchers() {
    assertThat(
            PromQlMetricNames.in(
                "sum by (detection, severity) (rate(vigil_alerts_total{rule=~\"token.*\", detection!=\"x\"}[5m])) * 60"))
        .containsExactly("vigil_alerts_total");
    assertThat(
            PromQlMetricNames.in(
                "histogram_quantile(0.99, sum by (le) (rate(lat_seconds_bucket[$__rate_interval])))"))
        .containsExactly("lat_seconds_bucket");
    assertThat(PromQlMetricNames.in("sum without (pod) (m1) / ignoring(job) group_left(team) m2"))
        .containsExactly("m1", "m2");
  }

  @Test
  void skipsKeywordsNumbersDurationsStringsCommentsAndVariables() {
    assertThat(PromQlMetricNames.in("rate(a_total[5m] offset 1h) > bool 1e3 # not_this_one"))
        .containsExactly("a_total");
    assertThat(
            PromQlMetricNames.in(
                "label_replace(up, \"dst\", \"metric_in_string\", \"src\", \"(.*)\")"))
        .containsExactly("up");
    assertThat(PromQlMetricNames.in("a and on (instance) b unless c or d"))
        .containsExactly("a", "b", "c", "d");
    assertThat(PromQlMetricNames.in("topk(5, m) / scalar(n) + vector(1) + time() - Inf + NaN"))
        .containsExactly("m", "n");
    assertThat(
            PromQlMetricNames.in(
                "max_over_time(deriv(lag[10m:1m])[1h:]) / $__interval_ms * ${factor}"))
        .containsExactly("lag");
    assertThat(PromQlMetricNames.in("count_values(\"version\", build_info) @ end()"))
        .containsExactly("build_info");
    assertThat(PromQlMetricNames.in("sum(x) by (job) > 0x1f")).containsExactly("x");
  }

  @Test
  void aNameMatcherNamesAMetric() {
    assertThat(PromQlMetricNames.in("sum({__name__=\"jobs_total\", job=\"x\"})"))
        .containsExactly("jobs_total");
  }

  @Test
  void rejectsUnbalancedExpressions() {
    assertThatThrownBy(() -> PromQlMetricNames.in("rate(x{job=\"a\"[5m])"))
        .hasMessageContaining("unbalanced '{'");
  }

  @Test
  void counterFamiliesAreQueriedWithTotalAndNeverByTheirBareName() {
    MetricsExposition openMetrics = MetricsExposition.parse("# TYPE jobs counter\n");
    assertThat(openMetrics.exposes("jobs_total")).isTrue();
    assertThat(openMetrics.exposes("jobs_created")).isTrue();
    assertThat(openMetrics.exposes("jobs")).isFalse();

    MetricsExposition text004 =
        MetricsExposition.parse("# TYPE jobs_total counter\njobs_total{a=\"b\"} 1\n");
    assertThat(text004.exposes("jobs_total")).isTrue();
    assertThat(text004.exposes("jobs_total_total")).isFalse();
    assertThat(text004.exposes("jobs")).isFalse();
  }

  @Test
  void histogramsAndSummariesHaveTheirOwnSuffixes() {
    MetricsExposition histogram = MetricsExposition.parse("# TYPE lat_seconds histogram\n");
    assertThat(histogram.exposes("lat_seconds_bucket")).isTrue();
    assertThat(histogram.exposes("lat_seconds_count")).isTrue();
    assertThat(histogram.exposes("lat_seconds_sum")).isTrue();
    assertThat(histogram.exposes("lat_seconds")).isFalse();

    MetricsExposition summary = MetricsExposition.parse("# TYPE rpc_seconds summary\n");
    assertThat(summary.exposes("rpc_seconds")).isTrue();
    assertThat(summary.exposes("rpc_seconds_count")).isTrue();
    assertThat(summary.exposes("rpc_seconds_bucket")).isFalse();
  }

  @Test
  void gaugesAndUntypedSamplesMatchExactly() {
    MetricsExposition scrape =
        MetricsExposition.parse(
            "# TYPE temp gauge\ntemp 1\nuntyped_thing{x=\"1\"} 2\n{\"dotted.name\", a=\"b\"} 3\n");
    assertThat(scrape.exposes("temp")).isTrue();
    assertThat(scrape.exposes("temp_total")).isFalse();
    assertThat(scrape.exposes("untyped_thing")).isTrue();
    assertThat(scrape.exposes("untyped")).isFalse();
    assertThat(scrape.exposes("dotted.name")).isTrue();
  }

  @Test
  void anEmptyScrapeIsAnError() {
    assertThatThrownBy(() -> MetricsExposition.parse("\n\n")).hasMessageContaining("no metrics");
  }
}
