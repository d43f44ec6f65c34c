package dev.vigil.detector.topology;

import dev.vigil.detector.Detector;
import dev.vigil.detector.Finding;
import dev.vigil.detector.ObservedEvent;
import dev.vigil.rules.RulePack;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One detector's state in one task: the changelogged store of encoded states, which is the truth,
 * and the decoded states of the keys seen most recently, so an identity or token that is busy is
 * not decoded from bytes again for every event. Every change is written through to the store
 * before the event's findings leave, so a commit never covers an event whose state it lacks.
 */
final class DetectorStore<S> {

  private final Detector<S> detector;
  private final KeyValueStore<String, byte[]> store;
  private final Map<String, S> decoded;

  DetectorStore(Detector<S> detector, KeyValueStore<String, byte[]> store, int decodedCapacity) {
    this.detector = detector;
    this.store = store;
    this.decoded =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, S> eldest) {
            return size() > decodedCapacity;
          }
        };
  }

  /** Judges one event against the state of its key; the state goes back to the store. */
  void judge(ObservedEvent event, RulePack pack, List<Finding> findings) {
    if (!detector.accepts(event)) {
      return;
    }
    String key = detector.keyBy().keyOf(event);
    S state = decoded.get(key);
    if (state == null) {
      byte[] stored = store.get(key);
      state = stored == null ? detector.newState() : detector.codec().decode(stored);
    }
    try {
      findings.addAll(detector.onEvent(state, event, pack));
      store.put(key, detector.codec().encode(state));
      decoded.put(key, state);
    } catch (RuntimeException e) {
      // The decoded copy may be half-updated; the store still holds the last good state.
      decoded.remove(key);
      throw e;
    }
  }

  /** Deletes every state the detector calls expired at this stream time. */
  void sweep(Instant streamTime, RulePack pack) {
    List<String> expired = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> all = store.all()) {
      while (all.hasNext()) {
        KeyValue<String, byte[]> entry = all.next();
        S state = decoded.get(entry.key);
        if (detector.isExpired(state != null ? state : detector.codec().decode(entry.value), streamTime, pack)) {
          expired.add(entry.key);
        }
      }
    }
    for (String key : expired) {
      store.delete(key);
      decoded.remove(key);
    }
  }
}
