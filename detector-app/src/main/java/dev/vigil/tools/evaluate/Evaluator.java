package dev.vigil.tools.evaluate;

import dev.vigil.detector.Detectors;
import dev.vigil.rules.RulePack;
import dev.vigil.tools.replay.ReplayResult;
import dev.vigil.tools.replay.ReplayRunner;
import dev.vigil.tools.simulate.CampaignLabel;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/** Runs the production topology over labelled events (a replay) and scores its alerts. */
public final class Evaluator {

  private final RulePack pack;
  private final Duration tolerance;

  public Evaluator(RulePack pack, Duration tolerance) {
    this.pack = pack;
    this.tolerance = tolerance;
  }

  public Evaluation evaluate(List<SpecificRecord> events, List<CampaignLabel> labels) {
    // Observe-only: an evaluation measures what is detected, it never acts.
    ReplayResult replay =
        new ReplayRunner(pack, Detectors.all(), true, Clock.systemUTC()).run(events);
    List<AlertVerdict> verdicts = new CampaignMatcher(labels, tolerance).judgeAll(replay.alerts());
    return Scorer.score(replay.events(), labels, verdicts);
  }
}
