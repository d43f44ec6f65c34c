package dev.vigil.tools.evaluate;

import dev.vigil.detector.Detectors;
import dev.vigil.events.AuthEvent;
import dev.vigil.events.TokenUseEvent;
import dev.vigil.rules.RulePack;
import dev.vigil.tools.replay.ReplayResult;
import dev.vigil.tools.replay.ReplayRunner;
import dev.vigil.tools.simulate.CampaignLabel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    // Observe-only: an evaluation measures what is detected, it never acts.
    ReplayResult replay =
        new ReplayRunner(pack, Detectors.all(), true, Clock.systemUTC()).run(events);
    List<AlertVerdict> verdicts =
        new CampaignMatcher(labels, tolerance, attackEventTimes(events, labels))
            .judgeAll(replay.alerts());
    return Scorer.score(replay.events(), labels, verdicts, watchingSince(events));
  }

  /** The times of the attacks' events, by which the matcher tells their set-up from the attack. */
  static Map<String, Instant> attackEventTimes(
      List<SpecificRecord> events, List<CampaignLabel> labels) {
    Set<String> wanted = new HashSet<>();
    for (CampaignLabel label : labels) {
      if (label.malicious()) {
        wanted.addAll(label.eventIds());
      }
    }
    Map<String, Instant> times = new HashMap<>();
    for (SpecificRecord event : events) {
      String id =
          event instanceof AuthEvent auth
              ? auth.getEventId()
              : ((TokenUseEvent) event).getEventId();
      if (wanted.contains(id)) {
        times.put(
            id,
            event instanceof AuthEvent auth
                ? auth.getEventTime()
                : ((TokenUseEvent) event).getEventTime());
      }
    }
    return times;
  }
}
