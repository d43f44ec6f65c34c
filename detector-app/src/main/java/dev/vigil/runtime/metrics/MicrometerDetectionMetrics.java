package dev.vigil.runtime.metrics;

import dev.vigil.detector.DetectionMetrics;
import dev.vigil.detector.topology.VigilTopics;
import dev.vigil.events.Detection;
import dev.vigil.events.ResponseAction;
import dev.vigil.events.Severity;
import dev.vigil.rules.Rule;
import dev.vigil.rules.RulePack;
import dev.vigil.runtime.dlq.DeadLetterMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The detections' {@link DetectionMetrics} and the dead-letter handlers' {@link DeadLetterMetrics},
 * as Micrometer meters with the Prometheus names the dashboards use:
 *
 * <pre>
 * vigil_events_in_total{type}                 vigil_events_late_total{type}
 * vigil_events_future_total{type,verdict}     (verdict: clamped or dead_lettered)
 * vigil_alerts_total{detection,rule,severity} vigil_alerts_suppressed_total{detection,rule}
 * vigil_revocations_total{action,dry_run}     vigil_revocations_capped_total{action}
 * vigil_dlq_records_total{topic}              vigil_event_to_alert_latency_seconds (histogram)
 * vigil_rules_loaded                          vigil_rules_rejected_total
 * vigil_history_events_total{verdict}         vigil_history_findings_total{detection,rule,handling}
 * vigil_revocations_withheld_total{action}
 * </pre>
 *
 * Labels only ever carry bounded vocabularies (event type, detection, rule id, severity, action,
 * topic); identities and tokens never become labels, since each would be a new time series.
 */
public final class MicrometerDetectionMetrics implements DetectionMetrics, DeadLetterMetrics {

  /**
   * Histogram buckets from 1 ms to 10 s: sub-10 ms is the in-memory path, hundreds of ms the commit
   * interval, seconds a backlog or late evidence.
   */
  static final Duration[] LATENCY_BUCKETS = {
    Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
    Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
    Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
    Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
    Duration.ofSeconds(10)
  };

  private final MeterRegistry registry;
  private final Timer latency;
  private final Counter rulesRejected;
  // Moved once per history event during a warm-up, millions of times: held, not looked up.
  private final Counter historyLearned;
  private final Counter historyBeyondHorizon;
  private final AtomicInteger rulesLoaded = new AtomicInteger();

  public MicrometerDetectionMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.latency =
        Timer.builder("vigil.event.to.alert.latency")
            .description("Event time of the triggering event to the moment its alert was emitted")
            .serviceLevelObjectives(LATENCY_BUCKETS)
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(10))
            .register(registry);
    this.rulesRejected =
        Counter.builder("vigil.rules.rejected")
            .description("Rule packs refused on the rules topic; the previous pack stayed active")
            .register(registry);
    Gauge.builder("vigil.rules.loaded", rulesLoaded, AtomicInteger::get)
        .description("Enabled rules of the active rule pack")
        .register(registry);
    historyLearned = history(true);
    historyBeyondHorizon = history(false);
    // Both event types from the start, so a dashboard shows 0 rather than no data.
    eventsIn("auth");
    eventsIn("token_use");
  }

  private final Map<String, Counter> eventsInByType = new ConcurrentHashMap<>();

  @Override
  public void eventIn(String eventType) {
    // Called for every input event: look the counter up once per type, not through the registry.
    eventsInByType.computeIfAbsent(eventType, this::eventsIn).increment();
  }

  private Counter eventsIn(String eventType) {
    return Counter.builder("vigil.events.in")
        .description("Input events accepted, by type")
        .tag("type", eventType)
        .register(registry);
  }

  /**
   * Registers, at zero, every labelled counter this instance can be expected to move: alerts and
   * suppressions of each enabled rule of {@code pack}, revocations and capped revocations of each
   * action (with this instance's dry_run value), late and future events and dead letters of both
   * input topics. A fresh detector's {@code /metrics} then lists every meter the dashboards and
   * alert rules query, so they show 0 instead of "no data".
   */
  public void registerKnown(RulePack pack, VigilTopics topics, boolean observeOnly) {
    for (Rule rule : pack.rules()) {
      if (rule.enabled()) {
        alerts(rule.detection(), rule.id(), rule.severity());
        suppressed(rule.detection(), rule.id());
        history(rule.detection(), rule.id(), false);
        history(rule.detection(), rule.id(), true);
      }
    }
    for (ResponseAction action : ResponseAction.values()) {
      if (action != ResponseAction.NONE) {
        revocations(action, observeOnly);
        capped(action);
        withheld(action);
      }
    }
    for (String type : new String[] {"auth", "token_use"}) {
      late(type);
      future(type, false);
      future(type, true);
    }
    deadLetters(topics.authEvents());
    deadLetters(topics.tokenEvents());
  }

  @Override
  public void lateEvent(String eventType) {
    late(eventType).increment();
  }

  private Counter late(String eventType) {
    return Counter.builder("vigil.events.late")
        .description(
            "Events more than the grace period behind their partition's time, dropped from detection")
        .tag("type", eventType)
        .register(registry);
  }

  @Override
  public void futureEvent(String eventType, boolean deadLettered) {
    future(eventType, deadLettered).increment();
  }

  private Counter future(String eventType, boolean deadLettered) {
    return Counter.builder("vigil.events.future")
        .description(
            "Events dated beyond the tolerated clock skew ahead of the wall clock: judged without"
                + " moving stream time (clamped), or beyond the limit dead-lettered")
        .tag("type", eventType)
        .tag("verdict", deadLettered ? "dead_lettered" : "clamped")
        .register(registry);
  }

  @Override
  public void historyEvent(boolean learned) {
    (learned ? historyLearned : historyBeyondHorizon).increment();
  }

  private Counter history(boolean learned) {
    return Counter.builder("vigil.history.events")
        .description(
            "Events from before go-live read during the warm-up: learned from, or older than the"
                + " warm-up horizon and not read")
        .tag("verdict", learned ? "learned" : "beyond_horizon")
        .register(registry);
  }

  @Override
  public void historyFinding(Detection detection, String ruleId, boolean retrospective) {
    history(detection, ruleId, retrospective).increment();
  }

  private Counter history(Detection detection, String ruleId, boolean retrospective) {
    return Counter.builder("vigil.history.findings")
        .description(
            "Findings on history read during the warm-up: suppressed, or sent as retrospective"
                + " alerts; never a revocation")
        .tag("detection", detection.name())
        .tag("rule", ruleId)
        .tag("handling", retrospective ? "retrospective" : "suppressed")
        .register(registry);
  }

  @Override
  public void revocationWithheld(ResponseAction action) {
    withheld(action).increment();
  }

  private Counter withheld(ResponseAction action) {
    return Counter.builder("vigil.revocations.withheld")
        .description("Revocations not sent: the token had already expired; the alert says so")
        .tag("action", action.name())
        .register(registry);
  }

  @Override
  public void alertEmitted(Detection detection, String ruleId, Severity severity) {
    alerts(detection, ruleId, severity).increment();
  }

  private Counter alerts(Detection detection, String ruleId, Severity severity) {
    return Counter.builder("vigil.alerts")
        .description("Alerts emitted")
        .tag("detection", detection.name())
        .tag("rule", ruleId)
        .tag("severity", severity.name())
        .register(registry);
  }

  @Override
  public void alertSuppressed(Detection detection, String ruleId) {
    suppressed(detection, ruleId).increment();
  }

  private Counter suppressed(Detection detection, String ruleId) {
    return Counter.builder("vigil.alerts.suppressed")
        .description("Repeats inside a rule's suppression window, merged instead of sent")
        .tag("detection", detection.name())
        .tag("rule", ruleId)
        .register(registry);
  }

  @Override
  public void revocationIssued(ResponseAction action, boolean dryRun) {
    revocations(action, dryRun).increment();
  }

  private Counter revocations(ResponseAction action, boolean dryRun) {
    return Counter.builder("vigil.revocations")
        .description("Revocation commands emitted")
        .tag("action", action.name())
        .tag("dry_run", Boolean.toString(dryRun))
        .register(registry);
  }

  @Override
  public void revocationCapped(ResponseAction action) {
    capped(action).increment();
  }

  private Counter capped(ResponseAction action) {
    return Counter.builder("vigil.revocations.capped")
        .description("Revocations the per-minute cap turned into an alert only")
        .tag("action", action.name())
        .register(registry);
  }

  @Override
  public void eventToAlertLatency(Duration latency) {
    // Event time may be ahead of the wall clock by the emitter's clock skew; that is zero latency.
    this.latency.record(latency.isNegative() ? Duration.ZERO : latency);
  }

  @Override
  public void rulesLoaded(String packName, int enabledRules) {
    rulesLoaded.set(enabledRules);
  }

  @Override
  public void rulesRejected() {
    rulesRejected.increment();
  }

  @Override
  public void deadLettered(String sourceTopic) {
    deadLetters(sourceTopic == null ? "unknown" : sourceTopic).increment();
  }

  private Counter deadLetters(String sourceTopic) {
    return Counter.builder("vigil.dlq.records")
        .description("Records sent to the dead-letter topic, by the topic they were read from")
        .tag("topic", sourceTopic)
        .register(registry);
  }
}
