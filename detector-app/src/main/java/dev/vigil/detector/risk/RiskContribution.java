package dev.vigil.detector.risk;

import dev.vigil.events.Detection;
import dev.vigil.events.Severity;
import java.time.Instant;

/**
 * One alert weighing on an identity's risk: until {@code countsUntil}, its last evidence ({@code
 * window_end}) plus the decay of its severity.
 */
public record RiskContribution(
    String alertId,
    String ruleId,
    Detection detection,
    Severity severity,
    Instant lastEvidence,
    Instant countsUntil) {

  /** Whether it still counts at {@code now}. */
  public boolean countsAt(Instant now) {
    return now.isBefore(countsUntil);
  }
}
