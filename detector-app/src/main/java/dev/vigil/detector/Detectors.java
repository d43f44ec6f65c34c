package dev.vigil.detector;

import dev.vigil.detector.intent.TaskIntentDetector;
import dev.vigil.detector.lateral.AudienceMismatchDetector;
import dev.vigil.detector.lateral.ToolFanoutDetector;
import dev.vigil.detector.privilege.PrivilegeDetector;
import dev.vigil.detector.replay.TokenReplayDetector;
import java.util.List;

/**
 * Every detection Vigil runs, in the order the detection processor consults them for each event:
 * the one place a new detector is registered.
 */
public final class Detectors {

  private Detectors() {}

  public static List<Detector<?>> all() {
    return List.of(
        new TokenReplayDetector(),
        new AudienceMismatchDetector(),
        new TaskIntentDetector(),
        new PrivilegeDetector(),
        new ToolFanoutDetector());
  }
}
