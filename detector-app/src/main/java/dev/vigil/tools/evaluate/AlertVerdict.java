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
 * @param otherAttacks malicious campaigns of another detection it matches: still a false positive
 *     for its own detection, but one raised by real attack traffic rather than by normal habits
 */
public record AlertVerdict(
    Alert alert,
    List<CampaignLabel> attacks,
    List<CampaignLabel> lookAlikes,
    List<CampaignLabel> otherAttacks) {

  public AlertVerdict {
    attacks = List.copyOf(attacks);
    lookAlikes = List.copyOf(lookAlikes);
    otherAttacks = List.copyOf(otherAttacks);
  }

  public boolean truePositive() {
    return !attacks.isEmpty();
  }

  /**
   * Why a false positive fired: on a look-alike, on another detection's attack, or on ordinary
   * traffic.
   */
  public FalseAlertCause cause() {
    if (truePositive()) {
      throw new IllegalStateException("a true positive has no false-alert cause");
    }
    if (!lookAlikes.isEmpty()) {
      return FalseAlertCause.LOOK_ALIKE;
    }
    return otherAttacks.isEmpty() ? FalseAlertCause.BACKGROUND : FalseAlertCause.OTHER_ATTACK;
  }
}
