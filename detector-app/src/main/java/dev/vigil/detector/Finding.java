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
 * @param retrospective the evidence is history read before the detector went live (warm-up): it is
 *     reported, if at all, for the record and never answered with a revocation command
 * @param tokenExpiresAt when {@code tokenId} expires, if a detector knows; null otherwise
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
    Instant triggeredAt,
    boolean retrospective,
    Instant tokenExpiresAt) {

  public Finding {
    eventIds = List.copyOf(eventIds);
    observed = Map.copyOf(observed);
  }

  /** A live finding whose token's expiry is not (yet) known: what a detector reports. */
  public Finding(
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
    this(
        ruleId,
        identityId,
        identityType,
        tokenId,
        evidenceKey,
        windowStart,
        windowEnd,
        summary,
        eventIds,
        observed,
        eventCount,
        triggeredAt,
        false,
        null);
  }

  /** The same finding, marked as evidence from history read during the warm-up. */
  public Finding asRetrospective() {
    return with(true, tokenExpiresAt);
  }

  /** The same finding, with the known expiry of its token. */
  public Finding withTokenExpiry(Instant expiry) {
    return with(retrospective, expiry);
  }

  private Finding with(boolean retrospective, Instant tokenExpiresAt) {
    return new Finding(
        ruleId,
        identityId,
        identityType,
        tokenId,
        evidenceKey,
        windowStart,
        windowEnd,
        summary,
        eventIds,
        observed,
        eventCount,
        triggeredAt,
        retrospective,
        tokenExpiresAt);
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
