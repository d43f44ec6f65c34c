package dev.vigil.detector.privilege;

import dev.vigil.detector.baseline.Evidence;
import dev.vigil.detector.state.LeastRecent;
import dev.vigil.detector.state.OldestTime;
import dev.vigil.detector.state.StateText;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What {@link PrivilegeDetector} remembers about one identity: when it was first and last active,
 * how much of its habit has been seen ({@link Evidence}), the longest silence it has shown (its
 * rhythm), the privileges it used (and scopes it was granted) within the horizon, the last time it
 * woke from a silence, and its privileged-action counter. Bounded: privileges and scopes are capped
 * per identity (least recently used evicted first) and pruned past the horizon; strings are cut to
 * {@link StateText#MAX_CHARS} characters so no emitter can blow up a state record.
 *
 * <p>Times are epoch milliseconds of event time; {@link #NONE} means never.
 */
public final class IdentityBaseline {

  static final long NONE = Long.MIN_VALUE;
  long firstSeen = NONE;
  long lastSeen = NONE;

  /** The silence that ended most recently, if at least the shortest dormancy: from, to, by what. */
  long silentSince = NONE;

  long wokeAt = NONE;
  String wakeEventId;

  /** The identity's rhythm before the remembered wake: its longest silence and active days. */
  long wakeLongestGap;

  int wakeActiveDays;

  /** The longest silence between two of its events (in event-time order) so far. */
  long longestGap;

  /** Active days and uses learnt: whether the baseline is mature. */
  final Evidence evidence = new Evidence();

  /** Privilege (or, without one, action) to the event time it was last used successfully. */
  final Map<String, Long> privileges = new LinkedHashMap<>();

  /** Scope to the event time it was last granted by a successful issuance or role assumption. */
  final Map<String, Long> granted = new LinkedHashMap<>();

  final BurstCounter burst;

  /**
   * Not part of the baseline: the oldest times in {@link #privileges} and in {@link #granted},
   * which let {@link #prune} skip its scans while nothing is past the horizon.
   */
  private final OldestTime<Long> oldestPrivilege = new OldestTime<>();

  private final OldestTime<Long> oldestGrant = new OldestTime<>();

  IdentityBaseline(long burstBucketMillis) {
    this.burst = new BurstCounter(burstBucketMillis);
  }

  boolean isEmpty() {
    return firstSeen == NONE;
  }

  boolean hasWake() {
    return wokeAt != NONE;
  }

  /**
   * Notes activity at {@code time}, remembering the silence it ends if it was at least the shortest
   * dormancy any rule could call one, with the rhythm the identity had shown before it.
   */
  void touch(long time, String eventId, long minDormancyMillis) {
    if (lastSeen != NONE && time - lastSeen >= minDormancyMillis) {
      silentSince = lastSeen;
      wokeAt = time;
      wakeEventId = StateText.cut(eventId);
      wakeLongestGap = longestGap;
      wakeActiveDays = evidence.activeDays();
    } else if (hasWake() && time > silentSince && time < wokeAt) {
      // A late event inside the remembered silence splits it; keep the later part if it is still
      // a dormancy, else the earlier part (which this event then ends), else there was none.
      if (wokeAt - time >= minDormancyMillis) {
        silentSince = time;
      } else if (time - silentSince >= minDormancyMillis) {
        wokeAt = time;
        wakeEventId = StateText.cut(eventId);
      } else {
        forgetWake();
      }
    }
    if (lastSeen != NONE && time > lastSeen) {
      longestGap = Math.max(longestGap, time - lastSeen);
    }
    firstSeen = firstSeen == NONE ? time : Math.min(firstSeen, time);
    lastSeen = Math.max(lastSeen, time);
    evidence.active(time, firstSeen);
  }

  /** Learns a successful use; counts it as evidence, growth when the privilege was not known. */
  void learnPrivilege(String privilege, long time, int maxEntries) {
    boolean grew = remember(privileges, StateText.cut(privilege), time, maxEntries);
    oldestPrivilege.add(time);
    evidence.observed(grew);
  }

  void learnGrant(String scope, long time, int maxEntries) {
    remember(granted, StateText.cut(scope), time, maxEntries);
    oldestGrant.add(time);
  }

  /** Drops what no rule can use at {@code now}: baseline entries past the horizon, an old wake. */
  void prune(long now, long horizonMillis, long maxWakeWindowMillis) {
    long oldest = now - horizonMillis;
    if (!oldestPrivilege.noneBefore(oldest)) {
      privileges.values().removeIf(t -> t < oldest);
      oldestPrivilege.recount(privileges.values(), Function.identity());
    }
    if (!oldestGrant.noneBefore(oldest)) {
      granted.values().removeIf(t -> t < oldest);
      oldestGrant.recount(granted.values(), Function.identity());
    }
    if (hasWake() && now - wokeAt > maxWakeWindowMillis) {
      forgetWake();
    }
  }

  /** Forgets everything: the identity has been silent longer than any rule looks back. */
  void reset() {
    firstSeen = NONE;
    lastSeen = NONE;
    longestGap = 0;
    evidence.reset();
    forgetWake();
    privileges.clear();
    granted.clear();
    burst.reset();
  }

  private void forgetWake() {
    silentSince = NONE;
    wokeAt = NONE;
    wakeEventId = null;
    wakeLongestGap = 0;
    wakeActiveDays = 0;
  }

  /** Remembers {@code key} as used at {@code time}; true when it was not in the map. */
  private static boolean remember(
      Map<String, Long> entries, String key, long time, int maxEntries) {
    Long previous = entries.remove(key);
    entries.put(key, previous == null ? time : Math.max(previous, time));
    LeastRecent.evict(entries, maxEntries, Long::longValue, null);
    return previous == null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IdentityBaseline other
        && firstSeen == other.firstSeen
        && lastSeen == other.lastSeen
        && silentSince == other.silentSince
        && wokeAt == other.wokeAt
        && Objects.equals(wakeEventId, other.wakeEventId)
        && wakeLongestGap == other.wakeLongestGap
        && wakeActiveDays == other.wakeActiveDays
        && longestGap == other.longestGap
        && evidence.equals(other.evidence)
        && privileges.equals(other.privileges)
        && granted.equals(other.granted)
        && burst.equals(other.burst);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        firstSeen,
        lastSeen,
        silentSince,
        wokeAt,
        wakeEventId,
        longestGap,
        evidence,
        privileges,
        granted,
        burst);
  }

  @Override
  public String toString() {
    return "IdentityBaseline[firstSeen="
        + firstSeen
        + ", lastSeen="
        + lastSeen
        + ", privileges="
        + privileges.size()
        + ", granted="
        + granted.size()
        + ", wokeAt="
        + wokeAt
        + "]";
  }
}
