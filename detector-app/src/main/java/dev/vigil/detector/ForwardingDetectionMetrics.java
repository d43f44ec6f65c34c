package dev.vigil.detector;

import dev.vigil.events.Detection;
import dev.vigil.events.ResponseAction;
import dev.vigil.events.Severity;
import java.time.Duration;

/**
 * Passes every report on to another {@link DetectionMetrics}; a subclass overrides only the reports
 * it wants to see, e.g. a tool counting late events over {@link DetectionMetrics#NONE}.
 */
public class ForwardingDetectionMetrics implements DetectionMetrics {

  private final DetectionMetrics delegate;

  public ForwardingDetectionMetrics(DetectionMetrics delegate) {
    this.delegate = delegate;
  }

  @Override
  public void eventIn(String eventType) {
    delegate.eventIn(eventType);
  }

  @Override
  public void lateEvent(String eventType) {
    delegate.lateEvent(eventType);
  }

  @Override
  public void futureEvent(String eventType, boolean deadLettered) {
    delegate.futureEvent(eventType, deadLettered);
  }

  @Override
  public void historyEvent(boolean learned) {
    delegate.historyEvent(learned);
  }

  @Override
  public void historyFinding(Detection detection, String ruleId, boolean retrospective) {
    delegate.historyFinding(detection, ruleId, retrospective);
  }

  @Override
  public void revocationWithheld(ResponseAction action) {
    delegate.revocationWithheld(action);
  }

  @Override
  public void alertEmitted(Detection detection, String ruleId, Severity severity) {
    delegate.alertEmitted(detection, ruleId, severity);
  }

  @Override
  public void alertSuppressed(Detection detection, String ruleId) {
    delegate.alertSuppressed(detection, ruleId);
  }

  @Override
  public void revocationIssued(ResponseAction action, boolean dryRun) {
    delegate.revocationIssued(action, dryRun);
  }

  @Override
  public void revocationCapped(ResponseAction action) {
    delegate.revocationCapped(action);
  }

  @Override
  public void eventToAlertLatency(Duration latency) {
    delegate.eventToAlertLatency(latency);
  }

  @Override
  public void rulesLoaded(String packName, int enabledRules) {
    delegate.rulesLoaded(packName, enabledRules);
  }

  @Override
  public void rulesRejected() {
    delegate.rulesRejected();
  }
}
