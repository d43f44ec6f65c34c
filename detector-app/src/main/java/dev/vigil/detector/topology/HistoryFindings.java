package dev.vigil.detector.topology;

import dev.vigil.detector.DetectionMetrics;
import dev.vigil.detector.Finding;
import dev.vigil.rules.Rule;
import dev.vigil.rules.RulePack;

/**
 * What becomes of a finding whose evidence is history read during the warm-up ({@link WarmUp}):
 * dropped or marked retrospective, and counted either way. Shared by the processors that release
 * findings in an identity's task, so a finding made elsewhere (across identities) is treated as the
 * identity's own detectors' findings are.
 */
final class HistoryFindings {

  private final WarmUp warmUp;
  private final DetectionMetrics metrics;

  HistoryFindings(WarmUp warmUp, DetectionMetrics metrics) {
    this.warmUp = warmUp;
    this.metrics = metrics;
  }

  /** A finding on history, counted: marked retrospective, or null when suppressed. */
  Finding onHistory(Finding finding, RulePack pack) {
    boolean retrospective = warmUp.alerts() == WarmUp.HistoryAlerts.RETROSPECTIVE;
    pack.rule(finding.ruleId())
        .map(Rule::detection)
        .ifPresent(d -> metrics.historyFinding(d, finding.ruleId(), retrospective));
    return retrospective ? finding.asRetrospective() : null;
  }
}
