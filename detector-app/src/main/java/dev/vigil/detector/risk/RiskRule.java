package dev.vigil.detector.risk;

import dev.vigil.events.Alert;
import dev.vigil.events.Detection;
import dev.vigil.rules.RiskPolicy;
import dev.vigil.rules.RuleKind;
import dev.vigil.rules.RulePack;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The documented rule (docs/RULES.md, "Risk"): an alert counts from when it is raised until its
 * last evidence plus the decay of its severity; the level is the highest severity among the alerts
 * that count, one step higher (at most critical) when they come from at least {@code
 * escalate_at_detections} distinct detections; none when nothing counts. Pure: a verdict depends on
 * the alerts, the policy and the moment only.
 */
public final class RiskRule {

  /** Most severe first, then the latest evidence first, then by id: a stable order to show. */
  static final Comparator<RiskContribution> SHOWN =
      Comparator.comparing(RiskContribution::severity)
          .reversed()
          .thenComparing(RiskContribution::lastEvidence, Comparator.reverseOrder())
          .thenComparing(RiskContribution::alertId);

  private RiskRule() {}

  /**
   * Whether {@code alert} weighs on risk under {@code pack}: every alert does except the
   * housekeeping of {@code task_end_revocation}, which ends a finished task's token and says
   * nothing against the identity, and a retrospective alert (history read during the warm-up). An
   * alert whose rule has left the pack still counts (an alert outlives its rule).
   */
  public static boolean counts(Alert alert, RulePack pack) {
    if (alert.getRetrospective()) {
      // History read during the warm-up says nothing of the risk now, and a verdict may deny.
      return false;
    }
    return pack.rule(alert.getRuleId())
        .map(rule -> rule.kind() != RuleKind.TASK_END_REVOCATION)
        .orElse(true);
  }

  /** What {@code alert} adds to its identity's risk under {@code policy}. */
  public static RiskContribution contribution(Alert alert, RiskPolicy policy) {
    Instant last = alert.getWindowEnd();
    return new RiskContribution(
        alert.getAlertId(),
        alert.getRuleId(),
        alert.getDetection(),
        alert.getSeverity(),
        last,
        last.plus(policy.decayOf(alert.getSeverity())));
  }

  /**
   * The verdict at {@code now} from every alert remembered for the identity, escalating at {@code
   * escalateAt} distinct detections (0: never). The decays are already in each alert's {@code
   * countsUntil}, so a verdict needs nothing else of the pack.
   */
  public static RiskVerdict verdict(
      String identityId, List<RiskContribution> remembered, int escalateAt, Instant now) {
    List<RiskContribution> live =
        remembered.stream().filter(c -> c.countsAt(now)).sorted(SHOWN).toList();
    if (live.isEmpty()) {
      return RiskVerdict.none(identityId);
    }
    RiskLevel base = RiskLevel.of(live.get(0).severity());
    boolean escalated = escalates(live, escalateAt);
    RiskLevel level = escalated ? base.escalated() : base;
    Instant decaysAt = null;
    Set<Instant> ends = live.stream().map(RiskContribution::countsUntil).collect(toSorted());
    for (Instant end : ends) {
      if (level(live, escalateAt, end).compareTo(level) < 0) {
        decaysAt = end;
        break;
      }
    }
    Instant clearsAt = ((TreeSet<Instant>) ends).last();
    return new RiskVerdict(identityId, level, escalated && base != level, live, decaysAt, clearsAt);
  }

  /** The level at {@code at} of the alerts given. */
  static RiskLevel level(List<RiskContribution> alerts, int escalateAt, Instant at) {
    List<RiskContribution> live = alerts.stream().filter(c -> c.countsAt(at)).toList();
    RiskLevel level = RiskLevel.NONE;
    for (RiskContribution c : live) {
      RiskLevel of = RiskLevel.of(c.severity());
      level = of.compareTo(level) > 0 ? of : level;
    }
    return escalates(live, escalateAt) ? level.escalated() : level;
  }

  private static boolean escalates(List<RiskContribution> live, int at) {
    if (at == 0) {
      return false;
    }
    Set<Detection> detections =
        live.stream().map(RiskContribution::detection).collect(Collectors.toSet());
    return detections.size() >= at;
  }

  private static java.util.stream.Collector<Instant, ?, TreeSet<Instant>> toSorted() {
    return Collectors.toCollection(TreeSet::new);
  }
}
