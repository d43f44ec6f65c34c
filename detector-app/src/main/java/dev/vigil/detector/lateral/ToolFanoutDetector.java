package dev.vigil.detector.lateral;

import dev.vigil.detector.Finding;
import dev.vigil.detector.ObservedEvent;
import dev.vigil.detector.StateCodec;
import dev.vigil.detector.baseline.Evidence;
import dev.vigil.detector.baseline.PeerAware;
import dev.vigil.detector.baseline.PeerBaseline;
import dev.vigil.detector.baseline.PeerView;
import dev.vigil.detector.profile.ProfileBuilder;
import dev.vigil.detector.rulestore.PerPack;
import dev.vigil.detector.state.StateText;
import dev.vigil.rules.Rule;
import dev.vigil.rules.RuleKind;
import dev.vigil.rules.RulePack;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * LATERAL_MOVEMENT by tool fan-out: one identity reaching many distinct tools in a short window,
 * several of them new for it (see {@link ToolFanoutCheck}). Reads token uses only; every outcome
 * counts and teaches, since a denied call still shows the identity reaching for the tool.
 *
 * <p>Benign look-alikes it stays quiet on: a pipeline's deploy burst over the tools it always uses
 * (many tools, none new) and a new identity whose baseline is not mature touching many tools (all
 * new, but nothing learnt yet to compare with; with peer knowledge, only tools its peers do not use
 * count). An identity silent for longer than the horizon has no baseline left and learns afresh; a
 * dormant identity waking up is the privilege detector's concern.
 */
public final class ToolFanoutDetector implements PeerAware<ToolBaseline> {

  public static final String NAME = "tool-fanout";

  private final ToolBaselineCodec codec = new ToolBaselineCodec();

  private final PerPack<ToolFanoutLimits> limitsPerPack = new PerPack<>(ToolFanoutLimits::of);

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
    return event.isUse() && event.use().getTool() != null && !event.use().getTool().isEmpty();
  }

  @Override
  public ToolBaseline newState() {
    return new ToolBaseline();
  }

  @Override
  public String peerGroup(ObservedEvent event, RulePack pack) {
    return limitsPerPack.of(pack).grouping().keyOf(event);
  }

  @Override
  public void learnPeer(
      ToolBaseline state, PeerBaseline group, ObservedEvent event, RulePack pack) {
    ToolFanoutLimits limits = limitsPerPack.of(pack);
    long time = event.eventTime().toEpochMilli();
    long horizon = limits.horizon().toMillis();
    group.prune(Math.max(time, group.lastSeen()), horizon);
    group.used(event.identityId(), event.use().getTool(), time, horizon, limits.maxEntries());
  }

  @Override
  public boolean isPeerExpired(PeerBaseline group, Instant streamTime, RulePack pack) {
    return group.isEmpty()
        || streamTime.toEpochMilli() - group.lastSeen()
            > 2 * limitsPerPack.of(pack).horizon().toMillis();
  }

  @Override
  public List<Finding> onEvent(
      ToolBaseline state, ObservedEvent event, RulePack pack, PeerView peers) {
    ToolFanoutLimits limits = limitsPerPack.of(pack);
    long time = event.eventTime().toEpochMilli();
    long horizon = limits.horizon().toMillis();
    long evidenceWindow = limits.evidenceWindow().toMillis();
    if (!state.isEmpty() && time - state.lastSeen > horizon) {
      // The sweep would have deleted this state; behave the same whether or not it ran yet.
      state.reset();
    }
    state.prune(Math.max(time, state.lastSeen), horizon, evidenceWindow);
    long identityAge = state.isEmpty() ? 0 : time - state.firstSeen;
    // The event's day counts before it is judged, as for privileges; its tool only after.
    state.evidence.active(time, state.isEmpty() ? time : Math.min(state.firstSeen, time));
    for (Rule rule : pack.enabled(RuleKind.TOOL_FANOUT)) {
      state.evidence.settle(rule.params());
    }
    Evidence before = state.evidence.copy();
    long previousReach =
        state.reach(
            StateText.cut(event.use().getTool()),
            time,
            StateText.cut(event.eventId()),
            evidenceWindow,
            limits.maxEntries());
    List<Finding> findings = new ArrayList<>(1);
    for (Rule rule : pack.enabled(RuleKind.TOOL_FANOUT)) {
      ToolFanoutCheck.evaluate(rule, state, event, previousReach, identityAge, before, peers)
          .ifPresent(findings::add);
    }
    return findings;
  }

  @Override
  public boolean isExpired(ToolBaseline state, Instant streamTime, RulePack pack) {
    return state.isEmpty()
        || streamTime.toEpochMilli() - state.lastSeen > limitsPerPack.of(pack).horizon().toMillis();
  }

  @Override
  public StateCodec<ToolBaseline> codec() {
    return codec;
  }

  @Override
  public void describe(ToolBaseline state, String identity, ProfileBuilder profile) {
    ToolWords.describe(state, profile);
  }
}
