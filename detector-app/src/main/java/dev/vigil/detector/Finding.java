package dev.vigil.detector;

import dev.vigil.events.IdentityType;
import dev.vigil.rules.Rule;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a detection concluded from one identity's (or one token's) evidence, before suppression and
 * response: the alerting stage turns findings into alerts and revocation commands.
 *
 * @param ruleId the rule that fired; its severity, action and tags are looked up in the live pack
 * @param evidenceKey what makes this finding this finding and no other (e.g. token id and the
 *     offending context): together with rule and identity it fixes the alert id, so reprocessing
 *     the same evidence always yields the same id
 * @param eventIds the evidence events, oldest first, bounded by the detection
 * @param observed what was seen, e.g. {@code sources}, {@code tools}, {@code privileges}
 * @param eventCount events in the evidence (may exceed {@code eventIds.size()})
 * @param triggeredAt event time of the event that completed the evidence; latency is measured from
 *     it
 */
public record Finding(
    String ruleId,
    String identityId,
    IdentityType identityType,
    String tokenId,
    String evidenceKey,
    Instant windowStart,
    Instant windowEnd,
    String summary,
    List<String> eventIds,
    Map<String, List<String>> observed,
    long eventCount,
    Instant triggeredAt) {

  public Finding {
    eventIds = List.copyOf(eventIds);
    observed = Map.copyOf(observed);
  }

  /** Builds a finding from the rule that fired. */
  public static Finding of(
      Rule rule,
      ObservedEvent trigger,
      String evidenceKey,
      Instant windowStart,
      String summary,
      List<String> eventIds,
      Map<String, List<String>> observed,
      long eventCount) {
    return new Finding(
        rule.id(),
        trigger.identityId(),
        trigger.identityType(),
        trigger.tokenId(),
        evidenceKey,
        windowStart,
        trigger.eventTime(),
        summary,
        eventIds,
        observed,
        eventCount,
        trigger.eventTime());
  }
}
