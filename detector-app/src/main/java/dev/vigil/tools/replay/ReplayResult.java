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
 */
public record ReplayResult(
    List<Alert> alerts,
    List<RevocationCommand> revocations,
    long events,
    long lateEvents,
    List<KeyedFinding> ocsfFindings) {

  /** One record of the OCSF findings topic: its key and its JSON value. */
  public record KeyedFinding(String key, String json) {}

  public ReplayResult {
    alerts = List.copyOf(alerts);
    revocations = List.copyOf(revocations);
    ocsfFindings = List.copyOf(ocsfFindings);
  }
}
