package dev.vigil.tools.evaluate;

import dev.vigil.events.Detection;
import java.time.Duration;

/**
 * How one detection did.
 *
 * @param campaigns malicious campaigns aimed at it
 * @param detected those matched by at least one true-positive alert
 * @param alerts alerts it raised
 * @param truePositives alerts matching one of its attack campaigns
 * @param otherAttackTruePositives alerts matching none of its own attacks whose evidence is a
 *     malicious event of another detection's attack: right, for precision, but no catch for recall
 * @param lookAlikeAlerts false alerts on a benign look-alike of this detection
 * @param otherAttackAlerts false alerts sharing identity and time with another detection's attack
 *     campaign, none of its malicious events
 * @param backgroundAlerts false alerts on no campaign at all
 * @param precision (true positives + those on another detection's attack) / alerts, null without
 *     alerts
 * @param recall detected / campaigns, null without campaigns
 * @param f1 harmonic mean of the two, null when either is null or both are zero
 * @param falseAlertsPer10k false alerts per 10,000 events of the whole run
 * @param timeToDetectMedian event time from campaign start to the first true-positive alert's
 *     latest evidence, median over detected campaigns; null when none was detected
 * @param timeToDetectP95 the same, 95th percentile (nearest rank)
 */
public record DetectionScore(
    Detection detection,
    int campaigns,
    int detected,
    int alerts,
    int truePositives,
    int otherAttackTruePositives,
    int lookAlikeAlerts,
    int otherAttackAlerts,
    int backgroundAlerts,
    Double precision,
    Double recall,
    Double f1,
    double falseAlertsPer10k,
    Duration timeToDetectMedian,
    Duration timeToDetectP95) {

  public int falsePositives() {
    return alerts - truePositives - otherAttackTruePositives;
  }
}
