package dev.vigil.detector.topology;

import dev.vigil.detector.Detector;
import dev.vigil.detector.Finding;
import dev.vigil.detector.ObservedEvent;
import dev.vigil.detector.baseline.PeerAware;
import dev.vigil.detector.baseline.PeerBaseline;
import dev.vigil.rules.RulePack;
import java.time.Instant;
import java.util.List;

/**
 * One detector over its states in one task ({@link DetectorStateStore.Slice}) and, for a {@link
 * PeerAware} detector, over the baselines of the peer groups seen in that task: a second slice
 * under {@link StateKeys#peerPrefix}, changelogged with the rest. Peers are therefore the group's
 * members whose identities hash to the same partition (docs/RULES.md, "Peer groups").
 */
final class DetectorStore<S> {

  private final Detector<S> detector;
  private final DetectorStateStore.Slice<S> store;
  private final PeerAware<S> peerAware;
  private final DetectorStateStore.Slice<PeerBaseline> groups;

  DetectorStore(Detector<S> detector, DetectorStateStore.Slice<S> store) {
    this(detector, store, null, null);
  }

  private DetectorStore(
      Detector<S> detector,
      DetectorStateStore.Slice<S> store,
      PeerAware<S> peerAware,
      DetectorStateStore.Slice<PeerBaseline> groups) {
    this.detector = detector;
    this.store = store;
    this.peerAware = peerAware;
    this.groups = groups;
  }

  /** The detector over its slices of {@code states}: its own, and its groups' if peer-aware. */
  static <S> DetectorStore<S> open(Detector<S> detector, DetectorStateStore states) {
    if (detector instanceof PeerAware<S> aware) {
      return new DetectorStore<>(
          detector,
          states.slice(detector),
          aware,
          states.slice(StateKeys.peerPrefix(detector.name()), aware.peerCodec()));
    }
    return new DetectorStore<>(detector, states.slice(detector));
  }

  /**
   * Judges one event against the state of its key (and its peer group's baseline), which the store
   * keeps for the next.
   */
  void judge(ObservedEvent event, RulePack pack, List<Finding> findings) {
    if (!detector.accepts(event)) {
      return;
    }
    String key = detector.keyBy().keyOf(event);
    if (key == null) {
      return; // a token detector asked about an event without a token: nothing to keep it under
    }
    S state = store.get(key);
    if (state == null) {
      state = detector.newState();
    }
    String group = peerAware == null ? null : peerAware.peerGroup(event, pack);
    PeerBaseline peers = group == null ? null : groups.get(group);
    if (group != null && peers == null) {
      peers = new PeerBaseline(group);
    }
    try {
      if (peers == null) {
        findings.addAll(detector.onEvent(state, event, pack));
      } else {
        // Judged before the group learns the event, so an identity never vouches for itself.
        findings.addAll(peerAware.onEvent(state, event, pack, peers));
        peerAware.learnPeer(state, peers, event, pack);
      }
    } catch (RuntimeException e) {
      // The states may be half-updated: fall back to the last committed ones. The events of the
      // current commit interval for this key, and for the whole group, are then forgotten, not
      // judged twice or half: a group forgets a few seconds of its members, an identity's state
      // must never be left inconsistent.
      store.discard(key);
      if (group != null) {
        groups.discard(group);
      }
      throw e;
    }
    store.put(key, state);
    if (group != null) {
      groups.put(group, peers);
    }
  }

  /**
   * Deletes every state (and group baseline) the detector calls expired at this stream time,
   * compacts the other states.
   */
  void sweep(Instant streamTime, RulePack pack) {
    store.sweep(
        state -> {
          if (detector.isExpired(state, streamTime, pack)) {
            return DetectorStateStore.Verdict.DELETE;
          }
          return detector.compact(state, streamTime, pack)
              ? DetectorStateStore.Verdict.CHANGED
              : DetectorStateStore.Verdict.KEEP;
        });
    if (groups != null) {
      groups.sweep(
          group ->
              peerAware.isPeerExpired(group, streamTime, pack)
                  ? DetectorStateStore.Verdict.DELETE
                  : DetectorStateStore.Verdict.KEEP);
    }
  }
}
