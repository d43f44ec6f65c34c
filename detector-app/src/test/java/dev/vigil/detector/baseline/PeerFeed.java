package dev.vigil.detector.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detector.Finding;
import dev.vigil.detector.ObservedEvent;
import dev.vigil.rules.RulePack;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Drives a {@link PeerAware} detector over many identities the way the topology's {@code
 * DetectorStore} feeds peer baselines, in one partition, without Kafka: per event, the identity's
 * state and its group's baseline are loaded through their codecs (as from the state store), the
 * event is judged against the group as it was before the event, then the group learns it. {@code
 * PeerBaselineTopologyTest} checks the same through the real topology.
 */
public final class PeerFeed<S> {

  public final PeerAware<S> detector;
  public RulePack pack;
  public final Map<String, S> states = new HashMap<>();
  public final Map<String, PeerBaseline> groups = new HashMap<>();

  public PeerFeed(PeerAware<S> detector, RulePack pack) {
    this.detector = detector;
    this.pack = pack;
  }

  /** Sends events in order (skipping those the detector does not accept); every finding. */
  public List<Finding> send(ObservedEvent... events) {
    List<Finding> all = new ArrayList<>();
    for (ObservedEvent event : events) {
      if (!detector.accepts(event)) {
        continue;
      }
      String key = detector.keyBy().keyOf(event);
      S state = states.containsKey(key) ? states.get(key) : detector.newState();
      S loaded = detector.codec().decode(detector.codec().encode(state));
      String groupKey = detector.peerGroup(event, pack);
      PeerBaseline group = null;
      if (groupKey != null) {
        PeerBaseline stored = groups.getOrDefault(groupKey, new PeerBaseline(groupKey));
        group = detector.peerCodec().decode(detector.peerCodec().encode(stored));
      }
      all.addAll(detector.onEvent(loaded, event, pack, group == null ? PeerView.NONE : group));
      states.put(key, loaded);
      if (group != null) {
        detector.learnPeer(loaded, group, event, pack);
        groups.put(groupKey, group);
      }
    }
    return all;
  }

  /** The sweep: drops group baselines the detector calls expired at {@code streamTime}. */
  public void sweep(Instant streamTime) {
    groups.values().removeIf(g -> detector.isPeerExpired(g, streamTime, pack));
    assertThat(groups.values()).allMatch(g -> !g.isEmpty());
  }
}
