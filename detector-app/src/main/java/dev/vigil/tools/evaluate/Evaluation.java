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
 */
public record Evaluation(
    long events,
    int alerts,
    int campaigns,
    List<DetectionScore> detections,
    List<ScenarioScore> scenarios) {

  public Evaluation {
    detections = List.copyOf(detections);
    scenarios = List.copyOf(scenarios);
  }
}
