package dev.vigil.detector.alert;

import dev.vigil.detector.DetectionMetrics;
import dev.vigil.detector.Finding;
import dev.vigil.detector.rulestore.ActiveRules;
import dev.vigil.detector.rulestore.RulesReader;
import dev.vigil.events.Alert;
import dev.vigil.rules.Rule;
import dev.vigil.rules.RulePack;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Suppression per (rule, identity), on findings keyed by identity. The first finding goes out at
 * once as an alert and opens a window of the rule's {@code suppress_for} (in event time). Repeats
 * inside the window are merged into it and counted, never re-sent. When stream time passes the
 * window's end (or the next finding for the pair arrives after it) a window with repeats sends one
 * roll-up alert with their count and bounded evidence, then closes; so state stays bounded and no
 * repeat goes unreported.
 *
 * <p>Retrospective findings (history read during the warm-up) have windows of their own, apart from
 * live ones: a live attack right after go-live is never merged into a roll-up of history.
 */
public final class SuppressionProcessor implements Processor<String, Finding, String, Alert> {

  /** How often, in stream time, closed windows are flushed. */
  static final Duration FLUSH_INTERVAL = Duration.ofMinutes(5);

  /** Ends the window key of retrospective findings, apart from the live window of the pair. */
  static final String RETROSPECTIVE_KEY = "\u0000r";

  private final String storeName;
  private final RulesReader rules;
  private final Clock clock;
  private final DetectionMetrics metrics;
  private ProcessorContext<String, Alert> context;
  private KeyValueStore<String, byte[]> store;

  public SuppressionProcessor(
      String storeName, ActiveRules rules, Clock clock, DetectionMetrics metrics) {
    this.storeName = storeName;
    this.rules = new RulesReader(rules);
    this.clock = clock;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, Alert> context) {
    this.context = context;
    this.store = context.getStateStore(storeName);
    rules.init(context);
    context.schedule(FLUSH_INTERVAL, PunctuationType.STREAM_TIME, this::flushClosed);
  }

  @Override
  public void process(Record<String, Finding> record) {
    Finding finding = record.value();
    if (finding == null) {
      return;
    }
    RulePack pack = rules.current();
    Optional<Rule> live = pack.rule(finding.ruleId()).filter(Rule::enabled);
    if (live.isEmpty()) {
      // The rule was switched off or removed between detection and alerting: it asks for nothing.
      return;
    }
    Rule rule = live.get();
    String key =
        finding.ruleId()
            + '\u0000'
            + finding.identityId()
            + (finding.retrospective() ? RETROSPECTIVE_KEY : "");
    byte[] stored = store.get(key);
    SuppressionWindow window = stored == null ? null : SuppressionWindow.decode(stored);
    Instant at = finding.triggeredAt();
    if (window != null && at.isBefore(window.until)) {
      window.merge(finding);
      store.put(key, window.encode());
      metrics.alertSuppressed(rule.detection(), rule.id());
      return;
    }
    if (window != null) {
      sendRollup(window, record.timestamp(), finding.retrospective());
    }
    Alert alert = AlertFactory.first(finding, rule, clock.instant());
    emit(alert, finding.triggeredAt(), record.timestamp());
    if (rule.suppression().isZero()) {
      store.delete(key);
    } else {
      store.put(
          key,
          SuppressionWindow.open(
                  alert.getAlertId(),
                  finding,
                  rule.detection(),
                  rule.severity(),
                  at.plus(rule.suppression()))
              .encode());
    }
  }

  private void flushClosed(long streamTimeMs) {
    Instant now = Instant.ofEpochMilli(streamTimeMs);
    List<KeyValue<String, SuppressionWindow>> closed = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> all = store.all()) {
      while (all.hasNext()) {
        KeyValue<String, byte[]> entry = all.next();
        SuppressionWindow window = SuppressionWindow.decode(entry.value);
        if (!now.isBefore(window.until)) {
          closed.add(KeyValue.pair(entry.key, window));
        }
      }
    }
    for (KeyValue<String, SuppressionWindow> entry : closed) {
      sendRollup(entry.value, streamTimeMs, entry.key.endsWith(RETROSPECTIVE_KEY));
      store.delete(entry.key);
    }
  }

  private void sendRollup(SuppressionWindow window, long timestamp, boolean retrospective) {
    if (window.repeats == 0) {
      return;
    }
    List<String> tags = rules.current().rule(window.ruleId).map(Rule::tags).orElse(List.of());
    Alert rollup = AlertFactory.rollup(window, tags, clock.instant(), retrospective);
    emit(rollup, window.repeatEnd, timestamp);
  }

  private void emit(Alert alert, Instant triggeredAt, long timestamp) {
    metrics.alertEmitted(alert.getDetection(), alert.getRuleId(), alert.getSeverity());
    if (!alert.getRetrospective()) {
      // History is days old by design: its age is no latency of the detector.
      metrics.eventToAlertLatency(Duration.between(triggeredAt, clock.instant()));
    }
    context.forward(new Record<>(alert.getIdentityId(), alert, timestamp));
  }
}
