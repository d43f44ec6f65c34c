package dev.vigil.tools.evaluate;

import dev.vigil.events.Alert;
import dev.vigil.tools.simulate.CampaignLabel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Matches alerts to labelled campaigns. An alert matches a campaign when it names the campaign's
 * identity (and its token, when both name one) and its evidence window overlaps the campaign's time
 * span widened by a tolerance on both sides, or when its evidence event ids include one of the
 * campaign's events. A campaign of the whole estate (identity {@code *}: Vigil restarted after an
 * outage) matches any alert whose window overlaps its span. Whether the match counts depends on the
 * detection: see {@link AlertVerdict}.
 *
 * <p>An alert of one detection whose evidence names a malicious event of another detection's attack
 * (one at or after that campaign's first malicious event) is an alert on an attacker's action,
 * which {@link AlertVerdict#onAnotherAttack()} tells apart from one that only shares an identity
 * and a time with that attack. Which events are malicious needs their times: without them, only
 * each attack's first malicious event is known to be one.
 *
 * <p>The tolerance exists because a detection may legitimately cite evidence just before the
 * campaign began (the token's issue, the victim's last normal use) or close its window a little
 * after the last campaign event.
 */
public final class CampaignMatcher {

  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  private final Duration tolerance;
  private final Map<String, List<CampaignLabel>> byIdentity = new HashMap<>();
  private final Map<String, List<CampaignLabel>> byEventId = new HashMap<>();
  private final List<CampaignLabel> estateWide = new ArrayList<>();
  private final Map<String, Instant> eventTimes;

  public CampaignMatcher(List<CampaignLabel> labels, Duration tolerance) {
    this(labels, tolerance, Map.of());
  }

  /**
   * @param eventTimes event time by event id, for the labelled events at least
   */
  public CampaignMatcher(
      List<CampaignLabel> labels, Duration tolerance, Map<String, Instant> eventTimes) {
    if (tolerance.isNegative()) {
      throw new IllegalArgumentException("tolerance must not be negative, got " + tolerance);
    }
    this.tolerance = tolerance;
    this.eventTimes = eventTimes;
    for (CampaignLabel label : labels) {
      if (CampaignLabel.EVERY_IDENTITY.equals(label.identityId())) {
        estateWide.add(label);
        continue;
      }
      byIdentity.computeIfAbsent(label.identityId(), id -> new ArrayList<>()).add(label);
      for (String eventId : label.eventIds()) {
        byEventId.computeIfAbsent(eventId, id -> new ArrayList<>()).add(label);
      }
    }
  }

  public AlertVerdict judge(Alert alert) {
    Set<CampaignLabel> matched = new HashSet<>();
    for (CampaignLabel label : byIdentity.getOrDefault(alert.getIdentityId(), List.of())) {
      if (sameToken(alert, label) && overlaps(alert, label)) {
        matched.add(label);
      }
    }
    for (String eventId : alert.getEventIds()) {
      matched.addAll(byEventId.getOrDefault(eventId, List.of()));
    }
    for (CampaignLabel label : estateWide) {
      if (overlaps(alert, label)) {
        matched.add(label);
      }
    }
    List<CampaignLabel> attacks = new ArrayList<>();
    List<CampaignLabel> lookAlikes = new ArrayList<>();
    List<CampaignLabel> otherAttacks = new ArrayList<>();
    Set<CampaignLabel> inEvidence = new HashSet<>();
    for (String eventId : alert.getEventIds()) {
      for (CampaignLabel label : byEventId.getOrDefault(eventId, List.of())) {
        if (label.malicious()
            && label.detection() != alert.getDetection()
            && isMalicious(label, eventId)) {
          inEvidence.add(label);
        }
      }
    }
    for (CampaignLabel label : matched) {
      if (!label.malicious()) {
        // A benign look-alike, of this detection or another: whatever fired on it, it is a false
        // alarm on something the simulator planted on purpose.
        lookAlikes.add(label);
      } else if (label.detection() != alert.getDetection()) {
        otherAttacks.add(label);
      } else {
        attacks.add(label);
      }
    }
    return new AlertVerdict(
        alert,
        sorted(attacks),
        sorted(lookAlikes),
        sorted(otherAttacks),
        sorted(new ArrayList<>(inEvidence)));
  }

  public List<AlertVerdict> judgeAll(List<Alert> alerts) {
    return alerts.stream().map(this::judge).toList();
  }

  /**
   * Whether {@code eventId}, one of the attack's events, is malicious: the first malicious event or
   * one after it. The events before it (a token's issuance, a task's completion) are the set-up.
   */
  private boolean isMalicious(CampaignLabel attack, String eventId) {
    if (eventId.equals(attack.firstMaliciousEventId())) {
      return true;
    }
    Instant time = eventTimes.get(eventId);
    return time != null && !time.isBefore(attack.attackStart());
  }

  private static boolean sameToken(Alert alert, CampaignLabel label) {
    return alert.getTokenId() == null
        || label.tokenId() == null
        || alert.getTokenId().equals(label.tokenId());
  }

  private boolean overlaps(Alert alert, CampaignLabel label) {
    Instant from = label.start().minus(tolerance);
    Instant to = label.end().plus(tolerance);
    return !alert.getWindowEnd().isBefore(from) && !alert.getWindowStart().isAfter(to);
  }

  private static List<CampaignLabel> sorted(List<CampaignLabel> labels) {
    labels.sort(java.util.Comparator.comparing(CampaignLabel::campaignId));
    return labels;
  }
}
