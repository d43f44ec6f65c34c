package dev.vigil.detector.topology;

import java.util.Locale;

/**
 * How each detector's states are keyed in the one detector store of a task: a short prefix from the
 * detector's stable name (the initials of its words: {@code token-replay} → {@code tr:}), then the
 * state's own key (an identity or a token). Short, because it is part of every stored key; derived
 * from the name, never from a detector's position, so a changelog written by one version is read by
 * the next.
 */
public final class StateKeys {

  private StateKeys() {}

  /** The prefix of a detector's keys. */
  public static String prefix(String detectorName) {
    StringBuilder initials = new StringBuilder();
    for (String word : detectorName.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
      if (!word.isEmpty()) {
        initials.append(word.charAt(0));
      }
    }
    return initials.append(':').toString();
  }

  /**
   * The prefix of a peer-aware detector's group baselines ({@code privilege} → {@code pp:}): its
   * name with {@code -peers} appended, so the initials differ from its own states' prefix and, like
   * every prefix, never change with the detector's position.
   */
  public static String peerPrefix(String detectorName) {
    return prefix(detectorName + "-peers");
  }

  /** The stored key of one of a detector's states. */
  public static String key(String detectorName, String stateKey) {
    return prefix(detectorName) + stateKey;
  }
}
