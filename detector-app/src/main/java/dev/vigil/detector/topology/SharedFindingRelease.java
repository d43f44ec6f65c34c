package dev.vigil.detector.topology;

import dev.vigil.detector.DetectionMetrics;
import dev.vigil.detector.Finding;
import dev.vigil.detector.rulestore.ActiveRules;
import dev.vigil.detector.rulestore.RulesReader;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Back in the identity's task, a finding made across identities ({@code token_shared_client}) is
 * released as the identity's own detectors' findings are ({@link DetectionProcessor}): judged
 * against the task's go-live on the time of the event that completed its evidence (history is
 * dropped or marked retrospective, counted; evidence from beyond the warm-up horizon is not
 * answered at all, as its events are not read), and given its token's known expiry from the
 * identity's token states. Then it joins the other findings on their way to suppression.
 */
final class SharedFindingRelease implements Processor<String, Finding, String, Finding> {

  private final DetectorSettings settings;
  private final String detectorStore;
  private final RulesReader rules;
  private final HistoryFindings historyFindings;
  private HistoryGate history;
  private TokenExpiries expiries;
  private ProcessorContext<String, Finding> context;

  SharedFindingRelease(
      DetectorSettings settings,
      String detectorStore,
      ActiveRules rules,
      DetectionMetrics metrics) {
    this.settings = settings;
    this.detectorStore = detectorStore;
    this.rules = new RulesReader(rules);
    this.historyFindings = new HistoryFindings(settings.warmUp(), metrics);
  }

  @Override
  public void init(ProcessorContext<String, Finding> context) {
    this.context = context;
    rules.init(context);
    DetectorStateStore states = context.getStateStore(detectorStore);
    history = new HistoryGate(settings.warmUp(), settings.clock(), states);
    expiries = new TokenExpiries(settings.detectors(), states);
  }

  @Override
  public void process(Record<String, Finding> record) {
    Finding finding = record.value();
    if (finding == null) {
      return;
    }
    Finding sent =
        switch (history.age(finding.triggeredAt().toEpochMilli())) {
          case LIVE -> finding;
          case HISTORY -> historyFindings.onHistory(finding, rules.current());
          case BEYOND_HORIZON -> null;
        };
    if (sent != null) {
      context.forward(record.withValue(expiries.withExpiry(sent)));
    }
  }
}
