package dev.vigil.tools.evaluate;

import dev.vigil.events.Alert;
import dev.vigil.tools.simulate.CampaignLabel;
import java.util.List;

/**
 * What one alert turned out to be against the ground truth.
 *
 * @param attacks malicious campaigns of the alert's detection it matches: a true positive when any
 * @param lookAlikes benign look-alike campaigns it matches, of any detection (a false positive on
 *     something the simulator planted on purpose)
 * @param otherAttacks malicious campaigns of another detection it matches, by identity and time or
 *     by evidence
 * @param attackedInEvidence those of {@code otherAttacks} whose malicious events (the first one or
 *     later) are among the alert's evidence: the alert reports an attacker's action
 */
public record AlertVerdict(
    Alert alert,
    List<CampaignLabel> attacks,
    List<CampaignLabel> lookAlikes,
    List<CampaignLabel> otherAttacks,
    List<CampaignLabel> attackedInEvidence) {

  public AlertVerdict {
    attacks = List.copyOf(attacks);
    lookAlikes = List.copyOf(lookAlikes);
    otherAttacks = List.copyOf(otherAttacks);
    attackedInEvidence = List.copyOf(attackedInEvidence);
  }

  /** It caught an attack of its own detection: counts for precision, recall and time to detect. */
  public boolean truePositive() {
    return !attacks.isEmpty();
  }

  /**
   * Not one of its own detection's attacks, but its evidence is an attacker's action in another
   * detection's attack: no false alarm for the analyst who reads it, so it counts as right for
   * precision (and never for recall, which stays per detection). Evidence beats a look-alike that
   * only overlaps the alert in time (the estate-wide restart), as an own attack does.
   */
  public boolean onAnotherAttack() {
    return !truePositive() && !attackedInEvidence.isEmpty();
  }

  /** Right for precision: on its own detection's attack or on another's attacker's action. */
  public boolean right() {
    return truePositive() || onAnotherAttack();
  }

  /**
   * Why a false positive fired: on a look-alike, on another detection's attack (sharing its
   * identity and time, not its malicious events), or on ordinary traffic.
   */
  public FalseAlertCause cause() {
    if (right()) {
      throw new IllegalStateException("an alert on an attack has no false-alert cause");
    }
    if (!lookAlikes.isEmpty()) {
      return FalseAlertCause.LOOK_ALIKE;
    }
    return otherAttacks.isEmpty() ? FalseAlertCause.BACKGROUND : FalseAlertCause.OTHER_ATTACK;
  }
}
