package dev.vigil.detector.risk;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * An identity's risk at one moment: its level, whether several detections escalated it, the alerts
 * behind it (most severe first, then latest evidence first), when the level next drops if nothing
 * new comes ({@code decaysAt}) and when it reaches none ({@code clearsAt}); both null at none.
 * {@link #toJson} is the one JSON form, on the risk topic and from {@code GET /risk/{id}}.
 */
public record RiskVerdict(
    String identityId,
    RiskLevel level,
    boolean escalated,
    List<RiskContribution> alerts,
    Instant decaysAt,
    Instant clearsAt) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public RiskVerdict {
    alerts = List.copyOf(alerts);
  }

  /** The verdict of an identity no alert weighs on. */
  public static RiskVerdict none(String identityId) {
    return new RiskVerdict(identityId, RiskLevel.NONE, false, List.of(), null, null);
  }

  /** Fields in a fixed order, times as ISO-8601 UTC, absent times left out. */
  public ObjectNode toJson() {
    ObjectNode node = JSON.createObjectNode();
    node.put("identity_id", identityId);
    node.put("level", level.label());
    node.put("escalated", escalated);
    if (decaysAt != null) {
      node.put("decays_at", decaysAt.toString());
    }
    if (clearsAt != null) {
      node.put("clears_at", clearsAt.toString());
    }
    ArrayNode list = node.putArray("alerts");
    for (RiskContribution c : alerts) {
      ObjectNode a = list.addObject();
      a.put("alert_id", c.alertId());
      a.put("rule_id", c.ruleId());
      a.put("detection", c.detection().name());
      a.put("severity", c.severity().name().toLowerCase(Locale.ROOT));
      a.put("last_evidence_at", c.lastEvidence().toString());
      a.put("counts_until", c.countsUntil().toString());
    }
    return node;
  }

  /** {@link #toJson} as compact UTF-8. */
  public byte[] toJsonBytes() {
    try {
      return JSON.writeValueAsBytes(toJson());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
