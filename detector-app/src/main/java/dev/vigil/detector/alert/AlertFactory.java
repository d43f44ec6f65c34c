package dev.vigil.detector.alert;

import dev.vigil.detector.Finding;
import dev.vigil.detector.FindingWording;
import dev.vigil.events.Alert;
import dev.vigil.events.ResponseAction;
import dev.vigil.rules.Rule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builds the alerts the SOC receives: from a finding, and the roll-up of a window's repeats. */
final class AlertFactory {

  /** Marks an alert whose revocation the global per-minute cap withheld. */
  static final String REVOCATION_CAPPED_TAG = "vigil.revocation-capped";

  /** Marks an alert whose token had expired before its revocation could be sent. */
  static final String REVOCATION_WITHHELD_TAG = "vigil.revocation-withheld";

  /** Marks the roll-up of repeats merged during a suppression window. */
  static final String ROLLUP_TAG = "vigil.suppressed-repeats";

  private AlertFactory() {}

  /**
   * The alert for the first finding of a (rule, identity) window; tags and action from the live
   * rule.
   */
  static Alert first(Finding f, Rule rule, Instant detectedAt) {
    return Alert.newBuilder()
        .setAlertId(AlertIds.alertId(f.ruleId(), f.identityId(), f.evidenceKey()))
        .setRuleId(f.ruleId())
        .setDetection(rule.detection())
        .setSeverity(rule.severity())
        .setIdentityId(f.identityId())
        .setIdentityType(f.identityType())
        .setTokenId(f.tokenId())
        .setWindowStart(f.windowStart())
        .setWindowEnd(f.windowEnd())
        .setDetectedAt(detectedAt)
        .setSummary(f.summary())
        .setEventIds(new ArrayList<>(f.eventIds()))
        .setObserved(copy(f.observed()))
        .setEventCount(f.eventCount())
        .setTags(new ArrayList<>(rule.tags()))
        .setAction(rule.action())
        .setRetrospective(f.retrospective())
        .setTokenExpiresAt(f.tokenExpiresAt())
        .build();
  }

  /**
   * The roll-up sent when a window closes with merged repeats: it counts them and carries their
   * bounded evidence. It asks for no response of its own; the window's first alert did.
   */
  static Alert rollup(
      SuppressionWindow w, List<String> ruleTags, Instant detectedAt, boolean retrospective) {
    List<String> tags = new ArrayList<>(ruleTags);
    tags.add(ROLLUP_TAG);
    Map<String, List<String>> observed = new LinkedHashMap<>(w.observedLists());
    observed.put("merged_into", List.of(w.alertId));
    String summary =
        "Rule "
            + w.ruleId
            + " fired "
            + w.repeats
            + " more time"
            + (w.repeats == 1 ? "" : "s")
            + " for "
            + w.identityId
            + " between "
            + FindingWording.time(w.repeatStart)
            + " and "
            + FindingWording.time(w.repeatEnd)
            + ", merged into alert "
            + w.alertId
            + " instead of being re-sent.";
    return Alert.newBuilder()
        .setAlertId(AlertIds.alertId(w.ruleId, w.identityId, "repeats-of|" + w.alertId))
        .setRuleId(w.ruleId)
        .setDetection(w.detection)
        .setSeverity(w.severity)
        .setIdentityId(w.identityId)
        .setIdentityType(w.identityType)
        .setTokenId(null)
        .setWindowStart(w.repeatStart)
        .setWindowEnd(w.repeatEnd)
        .setDetectedAt(detectedAt)
        .setSummary(summary)
        .setEventIds(new ArrayList<>(w.repeatEventIds))
        .setObserved(observed)
        .setEventCount(w.repeatEvents)
        .setTags(tags)
        .setAction(ResponseAction.NONE)
        .setRetrospective(retrospective)
        .build();
  }

  /** The same alert tagged as revocation-capped. */
  static Alert capped(Alert alert) {
    List<String> tags = new ArrayList<>(alert.getTags());
    tags.add(REVOCATION_CAPPED_TAG);
    return Alert.newBuilder(alert).setTags(tags).build();
  }

  /**
   * The same alert tagged as revocation-withheld, its summary saying why no command was sent: the
   * token it would revoke had already expired.
   */
  static Alert withheld(Alert alert) {
    List<String> tags = new ArrayList<>(alert.getTags());
    tags.add(REVOCATION_WITHHELD_TAG);
    String summary =
        alert.getSummary()
            + " No revocation command was sent: the token expired at "
            + FindingWording.time(alert.getTokenExpiresAt())
            + ", before this alert went out.";
    return Alert.newBuilder(alert).setTags(tags).setSummary(summary).build();
  }

  /** Sorted by key: a finding's map has no order, an alert's output must be reproducible. */
  private static Map<String, List<String>> copy(Map<String, List<String>> observed) {
    Map<String, List<String>> out = new TreeMap<>();
    observed.forEach((k, v) -> out.put(k, new ArrayList<>(v)));
    return out;
  }
}
