package dev.vigil.tools.evaluate;

import dev.vigil.events.Detection;

/**
 * How one simulated scenario fared.
 *
 * @param campaigns campaigns played of this scenario
 * @param flagged campaigns matched by at least one alert of the scenario's detection: caught for an
 *     attack, a false alarm for a look-alike
 * @param alerts alerts of the scenario's detection matching its campaigns
 */
public record ScenarioScore(
    String scenario,
    Detection detection,
    boolean malicious,
    int campaigns,
    int flagged,
    int alerts) {

  public int missed() {
    return campaigns - flagged;
  }
}
