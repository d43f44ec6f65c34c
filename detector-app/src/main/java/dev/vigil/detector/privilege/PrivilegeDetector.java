package dev.vigil.detector.privilege;

import dev.vigil.detector.Finding;
import dev.vigil.detector.ObservedEvent;
import dev.vigil.detector.StateCodec;
import dev.vigil.detector.baseline.PeerAware;
import dev.vigil.detector.baseline.PeerBaseline;
import dev.vigil.detector.baseline.PeerGrouping;
import dev.vigil.detector.baseline.PeerView;
import dev.vigil.detector.profile.ProfileBuilder;
import dev.vigil.detector.rulestore.PerPack;
import dev.vigil.detector.state.StateText;
import dev.vigil.events.AuthEvent;
import dev.vigil.events.AuthEventKind;
import dev.vigil.events.Outcome;
import dev.vigil.rules.Rule;
import dev.vigil.rules.RuleKind;
import dev.vigil.rules.RulePack;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * SUDDEN_PRIVILEGE_USE over one identity's baseline: new_privilege, dormant_wakeup and
 * privilege_burst (see {@link NewPrivilegeCheck}, {@link DormantWakeupCheck}, {@link
 * PrivilegeBurstCheck}). Each event is first checked against what the identity did before it, then
 * learnt, so an identity's own action never vouches for itself.
 *
 * <p>Activity (for first/last seen and dormancy) is what the identity does: every token use and
 * every auth event except TOKEN_REVOKED and CREDENTIAL_CREATED, which are done <em>to</em> an
 * identity by someone else; counting them would let an attacker who mints a key for a dormant
 * account and waits past the wake window hide the wake-up. The detector learns whatever the rules
 * say, enabled or not, so switching a rule on finds a warm baseline.
 *
 * <p>Peer-aware ({@link PeerAware}): a young identity's new privileges and privileged bursts are
 * judged against its peer group, grouped as the first new_privilege rule of the pack says (enabled
 * ones first); a group learns the privileges its members used successfully and the privileged
 * actions each of their windows held, once the window closed.
 */
public final class PrivilegeDetector implements PeerAware<IdentityBaseline> {

  public static final String NAME = "privilege";

  private final IdentityBaselineCodec codec = new IdentityBaselineCodec();

  private final PerPack<BaselineLimits> limitsPerPack = new PerPack<>(BaselineLimits::of);

  private final PerPack<PeerGrouping> groupingPerPack =
      new PerPack<>(pack -> PeerGrouping.of(pack, RuleKind.NEW_PRIVILEGE));

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public KeyBy keyBy() {
    return KeyBy.IDENTITY;
  }

  @Override
  public boolean accepts(ObservedEvent event) {
    if (event.isUse()) {
      return true;
    }
    AuthEventKind kind = event.auth().getKind();
    return kind != AuthEventKind.TOKEN_REVOKED && kind != AuthEventKind.CREDENTIAL_CREATED;
  }

  @Override
  public IdentityBaseline newState() {
    return new IdentityBaseline(BaselineLimits.DEFAULT_BURST_WINDOW.toMillis());
  }

  @Override
  public String peerGroup(ObservedEvent event, RulePack pack) {
    return groupingPerPack.of(pack).keyOf(event);
  }

  @Override
  public void learnPeer(
      IdentityBaseline state, PeerBaseline group, ObservedEvent event, RulePack pack) {
    BaselineLimits limits = limitsPerPack.of(pack);
    long time = event.eventTime().toEpochMilli();
    long horizon = limits.horizon().toMillis();
    group.prune(Math.max(time, group.lastSeen()), horizon);
    int closed = state.burst.takeClosed();
    if (closed > 0) {
      group.window(event.identityId(), closed, time, horizon);
    }
    if (event.isUse()) {
      PrivilegeUse use = PrivilegeUse.of(event, pack);
      if (use.privileged() && use.succeeded()) {
        group.used(event.identityId(), use.privilege(), time, horizon, limits.maxEntries());
        return;
      }
    }
    group.member(event.identityId(), time, horizon);
  }

  @Override
  public boolean isPeerExpired(PeerBaseline group, Instant streamTime, RulePack pack) {
    return group.isEmpty()
        || streamTime.toEpochMilli() - group.lastSeen()
            > 2 * limitsPerPack.of(pack).horizon().toMillis();
  }

  @Override
  public List<Finding> onEvent(
      IdentityBaseline state, ObservedEvent event, RulePack pack, PeerView peers) {
    BaselineLimits limits = limitsPerPack.of(pack);
    long time = event.eventTime().toEpochMilli();
    if (!state.isEmpty() && time - state.lastSeen > limits.retention().toMillis()) {
      // The sweep would have deleted this state; behave the same whether or not it ran yet.
      state.reset();
    }
    state.prune(
        Math.max(time, state.lastSeen),
        limits.horizon().toMillis(),
        limits.maxWakeWindow().toMillis());
    long identityAge = state.isEmpty() ? 0 : time - state.firstSeen;
    state.touch(time, event.eventId(), limits.minDormancy().toMillis());
    for (Rule rule : pack.enabled(RuleKind.NEW_PRIVILEGE)) {
      state.evidence.settle(rule.params());
    }

    List<Finding> findings = new ArrayList<>(1);
    if (event.isUse()) {
      PrivilegeUse use = PrivilegeUse.of(event, pack);
      boolean counted =
          use.privileged()
              && state.burst.record(
                  time,
                  StateText.cut(event.eventId()),
                  use.privilege(),
                  limits.burstWindow().toMillis(),
                  limits.burstHorizon().toMillis());
      for (Rule rule : pack.enabled(RuleKind.NEW_PRIVILEGE)) {
        NewPrivilegeCheck.evaluate(rule, state, use, event, identityAge, peers)
            .ifPresent(findings::add);
      }
      for (Rule rule : pack.enabled(RuleKind.DORMANT_WAKEUP)) {
        DormantWakeupCheck.evaluate(rule, state, use, event, limits.horizon().toMillis())
            .ifPresent(findings::add);
      }
      if (counted) {
        for (Rule rule : pack.enabled(RuleKind.PRIVILEGE_BURST)) {
          PrivilegeBurstCheck.evaluate(rule, state, use, event, identityAge, peers)
              .ifPresent(findings::add);
        }
      }
      if (use.succeeded()) {
        state.learnPrivilege(use.privilege(), time, limits.maxEntries());
      }
    } else {
      learnGrants(state, event.auth(), time, limits.maxEntries());
    }
    return findings;
  }

  @Override
  public boolean isExpired(IdentityBaseline state, Instant streamTime, RulePack pack) {
    return state.isEmpty()
        || streamTime.toEpochMilli() - state.lastSeen
            > limitsPerPack.of(pack).retention().toMillis();
  }

  @Override
  public StateCodec<IdentityBaseline> codec() {
    return codec;
  }

  @Override
  public void describe(IdentityBaseline state, String identity, ProfileBuilder profile) {
    BaselineWords.describe(state, profile);
  }

  /**
   * Scopes of a successful issuance or role assumption announce privileges the identity may use.
   */
  private static void learnGrants(
      IdentityBaseline state, AuthEvent auth, long time, int maxEntries) {
    AuthEventKind kind = auth.getKind();
    boolean grants =
        kind == AuthEventKind.TOKEN_ISSUED
            || kind == AuthEventKind.TOKEN_REFRESHED
            || kind == AuthEventKind.ROLE_ASSUMED;
    if (grants && auth.getOutcome() == Outcome.SUCCESS && auth.getScopes() != null) {
      for (String scope : auth.getScopes()) {
        if (scope != null && !scope.isEmpty()) {
          state.learnGrant(scope, time, maxEntries);
        }
      }
    }
  }
}
