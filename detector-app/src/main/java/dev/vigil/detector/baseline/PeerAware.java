package dev.vigil.detector.baseline;

import dev.vigil.detector.Detector;
import dev.vigil.detector.Finding;
import dev.vigil.detector.ObservedEvent;
import dev.vigil.detector.StateCodec;
import dev.vigil.rules.RulePack;
import java.time.Instant;
import java.util.List;

/**
 * A detector that judges a young identity against its peers. Pure, like every detector: besides the
 * identity's own state it reads the baseline of the identity's peer group, and it says how one
 * event teaches that group. Whoever runs detectors keeps one {@link PeerBaseline} per group key,
 * next to the identities' states, and for each event it accepts:
 *
 * <ol>
 *   <li>finds the event's group with {@link #peerGroup} (null: no group, judge with {@link
 *       PeerView#NONE});
 *   <li>loads that group's baseline (a new one if none) and calls {@link #onEvent(Object,
 *       ObservedEvent, RulePack, PeerView)} with it, so the event is judged against what its peers
 *       did before it;
 *   <li>then calls {@link #learnPeer} with the identity's updated state and keeps the group
 *       baseline, expiring it with {@link #isPeerExpired} in the same sweep as the identities'
 *       states.
 * </ol>
 *
 * Called through plain {@link Detector#onEvent}, a peer-aware detector judges with no peers: young
 * identities are left alone, as before peer groups existed. See docs/RULES.md, "Peer groups", for
 * the topology that feeds group baselines and its limits.
 */
public interface PeerAware<S> extends Detector<S> {

  /** The peer group whose baseline judges this event's identity, or null when none applies. */
  String peerGroup(ObservedEvent event, RulePack pack);

  /** Judges one event against the identity's state and its peers; then learns it into the state. */
  List<Finding> onEvent(S state, ObservedEvent event, RulePack pack, PeerView peers);

  /**
   * Teaches the event's group baseline what the event shows, after it was judged; {@code state} is
   * the identity's state as judging the event left it (e.g. a window the event closed).
   */
  void learnPeer(S state, PeerBaseline group, ObservedEvent event, RulePack pack);

  /** True when the group baseline holds nothing worth keeping at {@code streamTime}. */
  boolean isPeerExpired(PeerBaseline group, Instant streamTime, RulePack pack);

  /** The group baseline's codec. */
  default StateCodec<PeerBaseline> peerCodec() {
    return new PeerBaselineCodec();
  }

  @Override
  default List<Finding> onEvent(S state, ObservedEvent event, RulePack pack) {
    return onEvent(state, event, pack, PeerView.NONE);
  }
}
