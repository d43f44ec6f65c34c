package dev.vigil.detector.baseline;

import dev.vigil.detector.state.LeastRecent;
import dev.vigil.detector.state.OldestTime;
import dev.vigil.detector.state.StateText;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What one peer group did, bounded whatever its size: which members were active, per term (a
 * privilege, a tool) which of them used it, and how many actions its members' active windows held
 * (a histogram, see {@link WindowCounts}; only detectors that count windows fill it). Members are
 * kept as 32-bit fingerprints of their ids in up to {@link #SLOTS} slots, and a term's users as a
 * 64-bit set of slots, so counts are exact for groups of up to 64 members (barring a fingerprint
 * collision, about one in 2<sup>26</sup> for a full group); beyond that, further members share
 * slots by fingerprint and counts saturate at 64, which keeps shares meaningful. A term no member
 * used has no slot set, so "none of its peers" is exact at any size.
 *
 * <p>Two generations, each one horizon long, make the counts cover the last one to two horizons:
 * members and uses older than that are forgotten. Terms are capped (least recently used go first)
 * and cut to {@link StateText#MAX_CHARS} characters; a group costs its fingerprints (four bytes a
 * member and generation) plus about twenty bytes and the name per term, plus at most 64 varints a
 * generation for window counts.
 */
public final class PeerBaseline implements PeerView {

  static final long NONE = Long.MIN_VALUE;
  static final int SLOTS = 64;

  String group;
  long lastSeen = NONE;
  long generationStart = NONE;
  Generation current = new Generation();
  Generation previous = new Generation();
  final Map<String, Term> terms = new LinkedHashMap<>();

  /**
   * Not part of the baseline: the oldest {@code lastUsed} of the terms, which lets {@link #prune}
   * skip its scan while no term is past two horizons.
   */
  private final OldestTime<Long> oldestTermUse = new OldestTime<>();

  public PeerBaseline() {}

  public PeerBaseline(String group) {
    this.group = group;
  }

  /**
   * The members of one generation, fingerprints in the order they joined, one per slot; and the
   * windows they closed in it.
   */
  static final class Generation {
    int[] members = new int[0];
    WindowCounts windows = new WindowCounts();

    /** The slot of a member, taken if free; a full generation shares slots by fingerprint. */
    int slot(int fingerprint) {
      for (int i = 0; i < members.length; i++) {
        if (members[i] == fingerprint) {
          return i;
        }
      }
      if (members.length < SLOTS) {
        members = Arrays.copyOf(members, members.length + 1);
        members[members.length - 1] = fingerprint;
        return members.length - 1;
      }
      return Math.floorMod(fingerprint, SLOTS);
    }

    void addTo(Set<Integer> into, long slots) {
      for (int i = 0; i < members.length; i++) {
        if ((slots & (1L << i)) != 0) {
          into.add(members[i]);
        }
      }
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Generation other
          && Arrays.equals(members, other.members)
          && windows.equals(other.windows);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(members) + windows.hashCode();
    }
  }

  /** One term's users: slots of this generation and of the previous one, and its last use. */
  static final class Term {
    long users;
    long previousUsers;
    long lastUsed;

    Term(long users, long previousUsers, long lastUsed) {
      this.users = users;
      this.previousUsers = previousUsers;
      this.lastUsed = lastUsed;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Term other
          && users == other.users
          && previousUsers == other.previousUsers
          && lastUsed == other.lastUsed;
    }

    @Override
    public int hashCode() {
      return Objects.hash(users, previousUsers, lastUsed);
    }
  }

  public boolean isEmpty() {
    return lastSeen == NONE;
  }

  public long lastSeen() {
    return lastSeen;
  }

  /** Notes that {@code member} was active at {@code time}. */
  public void member(String member, long time, long horizonMillis) {
    slotOf(member, time, horizonMillis);
  }

  /** Notes that {@code member} used {@code term} at {@code time}. */
  public void used(String member, String term, long time, long horizonMillis, int maxTerms) {
    int slot = slotOf(member, time, horizonMillis);
    String key = StateText.cut(term);
    Term entry = terms.remove(key);
    if (entry == null) {
      entry = new Term(0, 0, time);
    }
    entry.users |= 1L << slot;
    entry.lastUsed = Math.max(entry.lastUsed, time);
    terms.put(key, entry);
    oldestTermUse.add(entry.lastUsed);
    LeastRecent.evict(terms, maxTerms, t -> t.lastUsed, key);
  }

  /**
   * Notes that {@code member} closed an active window of {@code count} actions at {@code time}:
   * windows are learnt once closed, so the window being judged is never among them.
   */
  public void window(String member, int count, long time, long horizonMillis) {
    slotOf(member, time, horizonMillis);
    current.windows.add(count);
  }

  /** Forgets terms no member used within the last two horizons. */
  public void prune(long now, long horizonMillis) {
    roll(now, horizonMillis);
    long oldest = now - 2 * horizonMillis;
    if (!oldestTermUse.noneBefore(oldest)) {
      terms.values().removeIf(t -> t.lastUsed < oldest);
      oldestTermUse.recount(terms.values(), t -> t.lastUsed);
    }
  }

  @Override
  public String group() {
    return group;
  }

  @Override
  public int peers(String self) {
    Set<Integer> all = new HashSet<>();
    current.addTo(all, -1L);
    previous.addTo(all, -1L);
    all.remove(fingerprint(self));
    return all.size();
  }

  @Override
  public int users(String term, String self) {
    Term entry = terms.get(StateText.cut(term));
    if (entry == null) {
      return 0;
    }
    Set<Integer> users = new HashSet<>();
    current.addTo(users, entry.users);
    previous.addTo(users, entry.previousUsers);
    users.remove(fingerprint(self));
    return users.size();
  }

  @Override
  public long windows() {
    return current.windows.windows() + previous.windows.windows();
  }

  @Override
  public int busyWindow(double share) {
    return WindowCounts.quantile(share, current.windows, previous.windows);
  }

  private int slotOf(String member, long time, long horizonMillis) {
    roll(time, horizonMillis);
    lastSeen = lastSeen == NONE ? time : Math.max(lastSeen, time);
    return current.slot(fingerprint(member));
  }

  /** Starts a new generation once the current one is a horizon old. */
  private void roll(long time, long horizonMillis) {
    if (generationStart == NONE) {
      generationStart = time;
      return;
    }
    if (time - generationStart < horizonMillis) {
      return;
    }
    boolean skipped = time - generationStart >= 2 * horizonMillis;
    previous = skipped ? new Generation() : current;
    current = new Generation();
    for (Term term : terms.values()) {
      term.previousUsers = skipped ? 0 : term.users;
      term.users = 0;
    }
    generationStart = time;
  }

  /** A member's fingerprint: FNV-1a over its id, finished by a 64-bit mix, top 32 bits. */
  static int fingerprint(String member) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < member.length(); i++) {
      h ^= member.charAt(i);
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return (int) (h >>> 32);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PeerBaseline other
        && Objects.equals(group, other.group)
        && lastSeen == other.lastSeen
        && generationStart == other.generationStart
        && current.equals(other.current)
        && previous.equals(other.previous)
        && terms.equals(other.terms);
  }

  @Override
  public int hashCode() {
    return Objects.hash(group, lastSeen, generationStart, current, previous, terms);
  }

  @Override
  public String toString() {
    return "PeerBaseline[" + group + ", members=" + peers("") + ", terms=" + terms.size() + "]";
  }
}
