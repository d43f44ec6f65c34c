package dev.vigil.tools.evaluate;

import dev.vigil.events.Detection;

/**
 * How one simulated scenario fared.
 *
 * @param campaigns campaigns played of this scenario
 * @param flagged campaigns matched by at least one true alert of the scenario's detection (an
 *     attack: caught), or by at least one false alert of any detection (a look-alike: a false
 *     alarm)
 * @param alerts alerts counted for {@code flagged}
 * @param timeToDetectP95 for an attack, the 95th percentile (nearest rank) of time to detect from
 *     each caught campaign's first malicious event; null for a look-alike or when none was caught
 */
public record ScenarioScore(
    String scenario,
    Detection detection,
    boolean malicious,
    int campaigns,
    int flagged,
    int alerts,
    java.time.Duration timeToDetectP95) {

  public int missed() {
    return campaigns - flagged;
  }
}
