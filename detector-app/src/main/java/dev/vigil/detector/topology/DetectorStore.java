package dev.vigil.detector.topology;

import dev.vigil.detector.Detector;
import dev.vigil.detector.Finding;
import dev.vigil.detector.ObservedEvent;
import dev.vigil.rules.RulePack;
import java.time.Instant;
import java.util.List;

/** One detector over its states in one task ({@link DetectorStateStore.Slice}). */
final class DetectorStore<S> {

  private final Detector<S> detector;
  private final DetectorStateStore.Slice<S> store;

  DetectorStore(Detector<S> detector, DetectorStateStore.Slice<S> store) {
    this.detector = detector;
    this.store = store;
  }

  /** Judges one event against the state of its key, which the store keeps for the next. */
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
    try {
      findings.addAll(detector.onEvent(state, event, pack));
    } catch (RuntimeException e) {
      // The state may be half-updated: fall back to the key's last committed state. The events of
      // the current commit interval for this key are then forgotten, not judged twice or half.
      store.discard(key);
      throw e;
    }
    store.put(key, state);
  }

  /** Deletes every state the detector calls expired at this stream time, compacts the others. */
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
  }
}
