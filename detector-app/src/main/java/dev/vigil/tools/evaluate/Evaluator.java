package dev.vigil.tools.evaluate;

import dev.vigil.detector.Detectors;
import dev.vigil.events.Alert;
import dev.vigil.events.AuthEvent;
import dev.vigil.events.TokenUseEvent;
import dev.vigil.rules.RulePack;
import dev.vigil.tools.replay.ReplayResult;
import dev.vigil.tools.replay.ReplayRunner;
import dev.vigil.tools.simulate.CampaignLabel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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

  /** When Vigil started watching: the earliest event of the run. */
  static Instant watchingSince(List<SpecificRecord> events) {
    Instant first = null;
    for (SpecificRecord event : events) {
      Instant time =
          event instanceof AuthEvent auth
              ? auth.getEventTime()
              : ((TokenUseEvent) event).getEventTime();
      if (first == null || time.isBefore(first)) {
        first = time;
      }
    }
    return first == null ? Instant.EPOCH : first;
  }

  public Evaluation evaluate(List<SpecificRecord> events, List<CampaignLabel> labels) {
    return evaluate(events, labels, false);
  }

  /**
   * As {@link #evaluate(List, List)}; with {@code peerPreview}, the alerts are not the topology's
   * but those of {@link PeerPreview}: the detectors with peer baselines fed, as they would be once
   * the topology feeds them.
   */
  public Evaluation evaluate(
      List<SpecificRecord> events, List<CampaignLabel> labels, boolean peerPreview) {
    List<Alert> alerts;
    long count;
    if (peerPreview) {
      alerts = new PeerPreview(pack, Detectors.all()).alerts(events);
      count = events.size();
    } else {
      // Observe-only: an evaluation measures what is detected, it never acts.
      ReplayResult replay =
          new ReplayRunner(pack, Detectors.all(), true, Clock.systemUTC()).run(events);
      alerts = replay.alerts();
      count = replay.events();
    }
    List<AlertVerdict> verdicts = new CampaignMatcher(labels, tolerance).judgeAll(alerts);
    return Scorer.score(count, labels, verdicts, watchingSince(events));
  }
}
