package dev.vigil.tools.evaluate;

import java.util.List;

/**
 * The outcome of an evaluation run.
 *
 * @param events events the detector consumed
 * @param alerts every alert it raised
 * @param campaigns labelled campaigns, attacks and look-alikes
 * @param detections one row per detection, in {@code Detection} order
 * @param scenarios one row per scenario that was played, attacks first
 * @param coldStart recall per detection by days since Vigil started, over identities that existed
 *     before it started
 * @param newIdentities recall per detection by the identity's age, over identities created after
 *     Vigil started
 */
public record Evaluation(
    long events,
    int alerts,
    int campaigns,
    List<DetectionScore> detections,
    List<ScenarioScore> scenarios,
    List<ColdStartRow> coldStart,
    List<ColdStartRow> newIdentities) {

  public Evaluation {
    detections = List.copyOf(detections);
    scenarios = List.copyOf(scenarios);
    coldStart = List.copyOf(coldStart);
    newIdentities = List.copyOf(newIdentities);
  }
}
