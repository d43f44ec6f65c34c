package dev.vigil.tools.replay;

import dev.vigil.events.Alert;
import dev.vigil.events.RevocationCommand;
import java.util.List;

/**
 * What a replay produced.
 *
 * @param events events fed to the topology
 * @param lateEvents events the topology dead-lettered as late (none for a sorted replay unless the
 *     file holds duplicate far-past timestamps)
 * @param ocsfFindings the records of the OCSF findings topic, in order, as the detector writes them
 * @param history what a warm-up made of the events before go-live (all zero without one)
 */
public record ReplayResult(
    List<Alert> alerts,
    List<RevocationCommand> revocations,
    long events,
    long lateEvents,
    List<KeyedFinding> ocsfFindings,
    History history) {

  /**
   * @param learned events before go-live that built state
   * @param beyondHorizon events older than the warm-up horizon, not read
   * @param findings findings on history, suppressed or sent as retrospective alerts
   */
  public record History(long learned, long beyondHorizon, long findings) {}

  /** One record of the OCSF findings topic: its key and its JSON value. */
  public record KeyedFinding(String key, String json) {}

  public ReplayResult {
    alerts = List.copyOf(alerts);
    revocations = List.copyOf(revocations);
    ocsfFindings = List.copyOf(ocsfFindings);
  }
}
