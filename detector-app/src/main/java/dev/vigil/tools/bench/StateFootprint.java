package dev.vigil.tools.bench;

import dev.vigil.detector.Detector;
import dev.vigil.detector.ObservedEvent;
import dev.vigil.detector.baseline.PeerAware;
import dev.vigil.detector.baseline.PeerBaseline;
import dev.vigil.detector.topology.StateKeys;
import dev.vigil.events.AuthEvent;
import dev.vigil.events.TokenUseEvent;
import dev.vigil.rules.RulePack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;

/**
 * What the detector state store would hold after some traffic, measured without Kafka: every
 * detector's pure logic runs over the events with its per-key state in a map, expired state is
 * swept and the rest compacted hourly in event time as the topology does, and at the end each state
 * is encoded with the detector's own {@code StateCodec}. A {@link PeerAware} detector's peer-group
 * baselines are fed and kept as the topology keeps them (one partition), and counted as their own
 * store, {@code <detector> peer groups}. Bytes are the stored key (with the detector's {@link
 * StateKeys} prefix) plus the encoded value, what a store entry carries before RocksDB's own
 * per-entry overhead and compression.
 */
final class StateFootprint {

  private static final Duration SWEEP = Duration.ofHours(1);

  record Result(
      long events,
      int identities,
      long bytes,
      double logicEventsPerSecond,
      Map<String, Long> bytesByStore,
      Map<String, Integer> keysByStore) {

    double bytesPerIdentity() {
      return identities == 0 ? 0 : bytes / (double) identities;
    }
  }

  private StateFootprint() {}

  static Result measure(
      Iterator<SpecificRecord> events, RulePack pack, List<Detector<?>> detectors) {
    List<Store<?>> stores = detectors.stream().<Store<?>>map(Store::new).toList();
    Set<String> identities = new HashSet<>();
    long count = 0;
    Instant nextSweep = null;
    long began = System.nanoTime();
    while (events.hasNext()) {
      ObservedEvent event = observe(events.next());
      count++;
      identities.add(event.identityId());
      for (Store<?> store : stores) {
        store.accept(event, pack);
      }
      if (nextSweep == null) {
        nextSweep = event.eventTime().plus(SWEEP);
      } else if (!event.eventTime().isBefore(nextSweep)) {
        for (Store<?> store : stores) {
          store.sweep(event.eventTime(), pack);
        }
        nextSweep = event.eventTime().plus(SWEEP);
      }
    }
    double seconds = (System.nanoTime() - began) / 1e9;
    Map<String, Long> bytes = new LinkedHashMap<>();
    Map<String, Integer> keys = new LinkedHashMap<>();
    long total = 0;
    for (Store<?> store : stores) {
      long b = store.encodedBytes();
      bytes.put(store.detector.name(), b);
      keys.put(store.detector.name(), store.states.size());
      total += b;
      if (store.peerAware != null) {
        long g = store.encodedGroupBytes();
        bytes.put(store.detector.name() + " peer groups", g);
        keys.put(store.detector.name() + " peer groups", store.groups.size());
        total += g;
      }
    }
    return new Result(
        count, identities.size(), total, seconds == 0 ? 0 : count / seconds, bytes, keys);
  }

  private static ObservedEvent observe(SpecificRecord record) {
    return record instanceof AuthEvent a
        ? ObservedEvent.of(a)
        : ObservedEvent.of((TokenUseEvent) record);
  }

  /**
   * One detector's store: per-key state objects, and per-group baselines for a peer-aware one, as
   * the processor would load and save them.
   */
  private static final class Store<S> {
    final Detector<S> detector;
    final PeerAware<S> peerAware;
    final Map<String, S> states = new HashMap<>();
    final Map<String, PeerBaseline> groups = new HashMap<>();

    Store(Detector<S> detector) {
      this.detector = detector;
      this.peerAware = detector instanceof PeerAware<S> aware ? aware : null;
    }

    void accept(ObservedEvent event, RulePack pack) {
      if (!detector.accepts(event)) {
        return;
      }
      String key = detector.keyBy().keyOf(event);
      if (key == null) {
        return;
      }
      S state = states.computeIfAbsent(key, k -> detector.newState());
      String group = peerAware == null ? null : peerAware.peerGroup(event, pack);
      if (group == null) {
        detector.onEvent(state, event, pack);
        return;
      }
      PeerBaseline peers = groups.computeIfAbsent(group, PeerBaseline::new);
      peerAware.onEvent(state, event, pack, peers);
      peerAware.learnPeer(state, peers, event, pack);
    }

    void sweep(Instant streamTime, RulePack pack) {
      states.values().removeIf(state -> detector.isExpired(state, streamTime, pack));
      states.values().forEach(state -> detector.compact(state, streamTime, pack));
      if (peerAware != null) {
        groups.values().removeIf(group -> peerAware.isPeerExpired(group, streamTime, pack));
      }
    }

    long encodedBytes() {
      long total = 0;
      for (Map.Entry<String, S> entry : states.entrySet()) {
        total +=
            StateKeys.key(detector.name(), entry.getKey()).getBytes(StandardCharsets.UTF_8).length;
        total += detector.codec().encode(entry.getValue()).length;
      }
      return total;
    }

    long encodedGroupBytes() {
      long total = 0;
      for (Map.Entry<String, PeerBaseline> entry : groups.entrySet()) {
        String key = StateKeys.peerPrefix(detector.name()) + entry.getKey();
        total += key.getBytes(StandardCharsets.UTF_8).length;
        total += peerAware.peerCodec().encode(entry.getValue()).length;
      }
      return total;
    }
  }
}
