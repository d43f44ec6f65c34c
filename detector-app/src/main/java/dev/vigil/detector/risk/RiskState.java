package dev.vigil.detector.risk;

import dev.vigil.detector.state.StateInput;
import dev.vigil.detector.state.StateOutput;
import dev.vigil.events.Detection;
import dev.vigil.events.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One identity's risk memory: the alerts that may still count, and the level last published on the
 * risk topic (a record goes out only when it changes). Bounded by {@link #MAX_ALERTS}: past it, the
 * alert that stops counting first goes, as it weighs least on the verdict.
 */
public final class RiskState {

  static final int MAX_ALERTS = 32;
  private static final int VERSION = 1;

  private final List<RiskContribution> alerts = new ArrayList<>();
  private RiskLevel published = RiskLevel.NONE;
  private int escalateAt;

  public List<RiskContribution> alerts() {
    return List.copyOf(alerts);
  }

  public RiskLevel published() {
    return published;
  }

  public void published(RiskLevel level) {
    this.published = level;
  }

  /** The pack's {@code escalate_at_detections} when the state last changed. */
  public int escalateAt() {
    return escalateAt;
  }

  public void escalateAt(int escalateAt) {
    this.escalateAt = escalateAt;
  }

  /** The verdict at {@code now}: what {@code GET /risk/{id}} answers. */
  public RiskVerdict verdictAt(String identityId, Instant now) {
    return RiskRule.verdict(identityId, alerts, escalateAt, now);
  }

  /** Adds an alert; the same alert id again (a re-delivered alert) replaces the first. */
  public void add(RiskContribution contribution) {
    alerts.removeIf(c -> c.alertId().equals(contribution.alertId()));
    alerts.add(contribution);
    while (alerts.size() > MAX_ALERTS) {
      alerts.remove(
          alerts.stream().min(Comparator.comparing(RiskContribution::countsUntil)).orElseThrow());
    }
  }

  /** Forgets alerts that no longer count at {@code now}; true when any went. */
  public boolean forgetBefore(Instant now) {
    return alerts.removeIf(c -> !c.countsAt(now));
  }

  /** True when nothing is remembered and none was published: the state can be deleted. */
  public boolean isEmpty() {
    return alerts.isEmpty() && published == RiskLevel.NONE;
  }

  public byte[] encode() {
    StateOutput out =
        new StateOutput().writeByte(VERSION).writeByte(published.ordinal()).writeByte(escalateAt);
    out.writeInt(alerts.size());
    for (RiskContribution c : alerts) {
      out.writeString(c.alertId()).writeString(c.ruleId());
      out.writeString(c.detection().name()).writeString(c.severity().name());
      out.writeInstant(c.lastEvidence()).writeInstant(c.countsUntil());
    }
    return out.toByteArray();
  }

  public static RiskState decode(byte[] bytes) {
    StateInput in = new StateInput("risk", bytes);
    in.readVersion(VERSION);
    RiskState state = new RiskState();
    state.published = RiskLevel.values()[in.readByte()];
    state.escalateAt = in.readByte();
    for (int i = in.readInt(); i > 0; i--) {
      state.alerts.add(
          new RiskContribution(
              in.readString(),
              in.readString(),
              Detection.valueOf(in.readString()),
              Severity.valueOf(in.readString()),
              in.readInstant(),
              in.readInstant()));
    }
    return state;
  }
}
