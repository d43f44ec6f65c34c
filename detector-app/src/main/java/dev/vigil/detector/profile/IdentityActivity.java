package dev.vigil.detector.profile;

import dev.vigil.detector.FindingWording;
import dev.vigil.detector.ObservedEvent;
import dev.vigil.detector.profile.IdentityProfile.Aspect;
import dev.vigil.detector.state.StateText;
import dev.vigil.rules.match.NetworkKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What the detection processor keeps about one identity for its profile, and for nothing else: when
 * it was first and last seen, the tokens it presented (the replay and audience detectors keep token
 * states by token, without the holder, so this is how a profile finds them) and the networks it
 * came from. Bounded: at most {@link #MAX_TOKENS} tokens and {@link #MAX_NETWORKS} networks, the
 * least recently seen going first; networks unseen for {@link #NETWORK_HORIZON} are forgotten, and
 * a token once no detector keeps state for it.
 */
public final class IdentityActivity {

  static final int MAX_TOKENS = 32;
  static final int MAX_NETWORKS = 16;

  /** How long a network stays "usual" without a use: two weeks, the default learning period. */
  public static final Duration NETWORK_HORIZON = Duration.ofDays(14);

  /** A network the identity came from: how often and when last. */
  record NetworkUse(long uses, Instant lastSeen) {}

  Instant firstSeen;
  Instant lastSeen;
  final Map<String, Instant> tokens = new LinkedHashMap<>();
  final Map<String, NetworkUse> networks = new LinkedHashMap<>();

  /** Notes one event of the identity. */
  public void observe(ObservedEvent event) {
    Instant time = event.eventTime();
    if (firstSeen == null || time.isBefore(firstSeen)) {
      firstSeen = time;
    }
    if (lastSeen == null || time.isAfter(lastSeen)) {
      lastSeen = time;
    }
    if (event.tokenId() != null) {
      String token = StateText.cut(event.tokenId());
      Instant before = tokens.remove(token);
      tokens.put(token, before == null || time.isAfter(before) ? time : before);
      dropLeastRecent(tokens, MAX_TOKENS, Comparator.naturalOrder());
    }
    String network = NetworkKey.of(event.source());
    if (network != null) {
      NetworkUse before = networks.remove(network);
      networks.put(
          network,
          before == null
              ? new NetworkUse(1, time)
              : new NetworkUse(
                  before.uses() + 1, time.isAfter(before.lastSeen()) ? time : before.lastSeen()));
      dropLeastRecent(networks, MAX_NETWORKS, Comparator.comparing(NetworkUse::lastSeen));
    }
  }

  /** The tokens it presented, most recently seen last. */
  public List<String> tokens() {
    return List.copyOf(tokens.keySet());
  }

  /**
   * Forgets tokens no detector keeps state for any more and networks unseen for {@link
   * #NETWORK_HORIZON}; true when anything went.
   */
  public boolean prune(Instant streamTime, Predicate<String> tokenKept) {
    boolean changed = tokens.keySet().removeIf(token -> !tokenKept.test(token));
    Instant cutoff = streamTime.minus(NETWORK_HORIZON);
    changed |= networks.values().removeIf(n -> n.lastSeen().isBefore(cutoff));
    return changed;
  }

  /** True when nothing is left worth a profile: no token, no recent network. */
  public boolean isEmpty() {
    return tokens.isEmpty() && networks.isEmpty();
  }

  /** Adds first and last seen, the tokens' last uses and the usual networks to a profile. */
  public void describe(ProfileBuilder profile) {
    profile.seen(firstSeen, lastSeen);
    tokens.forEach((token, seen) -> profile.token(token).used(seen));
    if (networks.isEmpty()) {
      return;
    }
    List<Map.Entry<String, NetworkUse>> usual = new ArrayList<>(networks.entrySet());
    usual.sort(
        Comparator.comparing((Map.Entry<String, NetworkUse> e) -> e.getValue().uses())
            .reversed()
            .thenComparing(Map.Entry::getKey));
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, NetworkUse> e : usual) {
      NetworkUse use = e.getValue();
      parts.add(
          e.getKey()
              + " ("
              + use.uses()
              + (use.uses() == 1 ? " event" : " events")
              + ", last "
              + profile.relative(use.lastSeen())
              + ")");
    }
    profile.baseline(
        Aspect.NETWORKS,
        "Came from "
            + parts.size()
            + (parts.size() == 1 ? " network" : " networks")
            + " in the last "
            + FindingWording.span(NETWORK_HORIZON)
            + ": "
            + String.join(", ", parts)
            + ".");
  }

  private static <V> void dropLeastRecent(Map<String, V> map, int cap, Comparator<V> recency) {
    while (map.size() > cap) {
      String oldest = null;
      V oldestValue = null;
      for (Map.Entry<String, V> e : map.entrySet()) {
        if (oldest == null || recency.compare(e.getValue(), oldestValue) < 0) {
          oldest = e.getKey();
          oldestValue = e.getValue();
        }
      }
      map.remove(oldest);
    }
  }
}
