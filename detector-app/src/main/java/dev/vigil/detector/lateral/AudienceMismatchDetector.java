package dev.vigil.detector.lateral;

import static dev.vigil.detector.state.ByEventTime.later;

import dev.vigil.detector.Detector;
import dev.vigil.detector.Finding;
import dev.vigil.detector.ObservedEvent;
import dev.vigil.detector.StateCodec;
import dev.vigil.detector.profile.ProfileBuilder;
import dev.vigil.detector.rulestore.EnabledRules;
import dev.vigil.events.AuthEvent;
import dev.vigil.events.AuthEventKind;
import dev.vigil.events.Outcome;
import dev.vigil.rules.Rule;
import dev.vigil.rules.RuleKind;
import dev.vigil.rules.RulePack;
import dev.vigil.rules.match.AudienceMatch;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * LATERAL_MOVEMENT ({@code audience_mismatch}), keyed by token: a token minted ({@code
 * TOKEN_ISSUED}) or refreshed ({@code TOKEN_REFRESHED}) for one {@code audience} presented at a
 * tool that audience does not cover ({@link AudienceMatch#matches}). Each (token, tool) pair is
 * reported once; an issuance arriving after a use, inside the grace period, still convicts that
 * use.
 *
 * <p>State size, and what it costs. The holder's identity is taken from the event judged. Uses are
 * kept only while no audience is known (waiting for a late issuance); once it is, each use is
 * judged as it arrives and not kept, so an issuance arriving late with an earlier time and a
 * different audience than the refresh already seen does not re-judge earlier uses. A token whose
 * expiry is known is forgotten at expiry plus {@code clock_skew} plus the lookback (or that long
 * after its last use, if later) when the expired-use rule is enabled: any later use of it is a
 * TOKEN_REPLAY expired use, reported there, not here. A token with no audience yet is forgotten a
 * lookback after its last use: nothing kept could still be judged.
 */
public final class AudienceMismatchDetector implements Detector<AudienceState> {

  private final Duration lookback;
  private final AudienceStateCodec codec = new AudienceStateCodec();

  public AudienceMismatchDetector() {
    this(Detector.DEFAULT_LOOKBACK);
  }

  public AudienceMismatchDetector(Duration lookback) {
    this.lookback = lookback;
  }

  @Override
  public String name() {
    return "audience-mismatch";
  }

  @Override
  public KeyBy keyBy() {
    return KeyBy.TOKEN;
  }

  @Override
  public boolean accepts(ObservedEvent event) {
    if (event.tokenId() == null) {
      return false;
    }
    if (event.isUse()) {
      return true;
    }
    AuthEvent auth = event.auth();
    // A refresh names the audience too: a token issued before Vigil started, or refreshed under
    // a new fingerprint, is otherwise never judged.
    return (auth.getKind() == AuthEventKind.TOKEN_ISSUED
            || auth.getKind() == AuthEventKind.TOKEN_REFRESHED)
        && auth.getOutcome() == Outcome.SUCCESS
        && auth.getAudience() != null;
  }

  @Override
  public AudienceState newState() {
    return new AudienceState();
  }

  @Override
  public List<Finding> onEvent(AudienceState state, ObservedEvent event, RulePack pack) {
    state.touch(event.eventTime());
    List<AudienceState.Use> toJudge = new ArrayList<>();
    if (event.isAuth()) {
      // The earliest issuance or refresh names the audience; a later one under the same fingerprint
      // cannot widen it.
      if (state.issuedAt == null || event.eventTime().isBefore(state.issuedAt)) {
        state.issuedAt = event.eventTime();
        state.issuedEventId = event.eventId();
        state.audience = event.auth().getAudience();
      }
      state.expiresAt = later(state.expiresAt, event.auth().getTokenExpiresAt());
      toJudge.addAll(state.uses);
      state.uses.clear();
    } else {
      AudienceState.Use use =
          new AudienceState.Use(
              event.eventTime(), event.eventId(), event.use().getTool(), event.source().getIp());
      if (state.audience == null) {
        state.addUse(use, lookback);
      } else {
        toJudge.add(use);
      }
    }
    List<Finding> findings = new ArrayList<>();
    if (state.audience == null) {
      return findings;
    }
    for (Rule rule : pack.enabled(RuleKind.AUDIENCE_MISMATCH)) {
      for (AudienceState.Use use : toJudge) {
        if (AudienceMatch.matches(state.audience, use.tool())
            || rule.exceptions().covers(event.identityId(), use.tool(), use.ip())
            || !state.reported.mark(rule.id() + "|" + use.tool())) {
          continue;
        }
        findings.add(finding(state, event, rule, use));
      }
    }
    return findings;
  }

  @Override
  public boolean isExpired(AudienceState state, Instant streamTime, RulePack pack) {
    if (state.lastSeen == null) {
      return true;
    }
    if (state.audience == null) {
      return streamTime.isAfter(state.lastSeen.plus(lookback));
    }
    if (state.expiresAt != null && !pack.enabled(RuleKind.TOKEN_REVOKED_OR_EXPIRED_USE).isEmpty()) {
      Instant settled =
          later(state.lastSeen, state.expiresAt.plus(EnabledRules.tokenClockSkew(pack)));
      return streamTime.isAfter(settled.plus(lookback));
    }
    Duration ttl = EnabledRules.longest(pack, "token_ttl", RuleKind.AUDIENCE_MISMATCH);
    return streamTime.isAfter(state.lastSeen.plus(ttl));
  }

  @Override
  public StateCodec<AudienceState> codec() {
    return codec;
  }

  @Override
  public void describe(AudienceState state, String tokenId, ProfileBuilder profile) {
    profile.token(tokenId).audience(state.audience).expiresAt(state.expiresAt).used(state.lastSeen);
  }

  private static Finding finding(
      AudienceState s, ObservedEvent trigger, Rule rule, AudienceState.Use use) {
    String tokenId = trigger.tokenId();
    Map<String, List<String>> observed = new LinkedHashMap<>();
    observed.put("audience", List.of(s.audience));
    observed.put("tools", List.of(use.tool()));
    if (use.ip() != null) {
      observed.put("sources", List.of(use.ip()));
    }
    List<String> ids = List.of(s.issuedEventId, use.eventId());
    String summary =
        "Token "
            + tokenId
            + " of "
            + trigger.identityId()
            + " was minted for audience "
            + s.audience
            + " but presented at "
            + use.tool()
            + ".";
    return new Finding(
        rule.id(),
        trigger.identityId(),
        trigger.identityType(),
        tokenId,
        tokenId + "|" + use.tool(),
        s.issuedAt.isBefore(use.time()) ? s.issuedAt : use.time(),
        use.time(),
        summary,
        ids,
        observed,
        ids.size(),
        trigger.eventTime());
  }
}
