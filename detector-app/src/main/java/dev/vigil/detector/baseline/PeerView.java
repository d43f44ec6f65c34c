package dev.vigil.detector.baseline;

/**
 * What an identity's peer group has done within the horizon, as one partition of Vigil knows it:
 * how many peers an identity has (the group's other members) and how many of them used a given
 * privilege or tool. The identity judged never counts as its own peer, so what it did itself never
 * vouches for it. Counts are exact up to 64 members and saturate beyond (see {@link PeerBaseline});
 * a count of zero is always exact: no peer used it.
 */
public interface PeerView {

  /** No peer knowledge: every young identity is then left alone, as before peer groups. */
  PeerView NONE =
      new PeerView() {
        @Override
        public String group() {
          return null;
        }

        @Override
        public int peers(String self) {
          return 0;
        }

        @Override
        public int users(String term, String self) {
          return 0;
        }

        @Override
        public long windows() {
          return 0;
        }

        @Override
        public int busyWindow(double share) {
          return 0;
        }
      };

  /** The group's key, for an alert; null when there is no group. */
  String group();

  /** Members other than {@code self} seen within the horizon. */
  int peers(String self);

  /** Members other than {@code self} that used {@code term} within the horizon. */
  int users(String term, String self);

  /**
   * Active windows the group's members closed within the horizon, counted by detectors that count
   * actions per window (privilege_burst). Unlike members and terms these include the judged
   * identity's own past windows: a histogram keeps no names. That is sound for a rate, as its own
   * past windows are its habit; the window being judged is never among them, since a window is
   * learnt only once closed.
   */
  long windows();

  /**
   * The number of actions at or under which {@code share} of those windows fell (e.g. 0.99: what a
   * busy window of the group holds); 0 without windows.
   */
  int busyWindow(double share);

  /** {@code users(term, self) / peers(self)}, 0 without peers. */
  default double share(String term, String self) {
    int peers = peers(self);
    return peers == 0 ? 0.0 : Math.min(1.0, users(term, self) / (double) peers);
  }

  /** Whether {@code self} has enough peers to be judged against them: at least {@code minPeers}. */
  default boolean judges(String self, int minPeers) {
    return peers(self) >= minPeers;
  }
}
