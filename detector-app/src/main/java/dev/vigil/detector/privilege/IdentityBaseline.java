package dev.vigil.detector.privilege;

import dev.vigil.detector.state.StateText;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link PrivilegeDetector} remembers about one identity: when it was first and last active,
 * the privileges it used (and scopes it was granted) within the horizon, the last time it woke from
 * dormancy, and its privileged-action counter. Bounded: privileges and scopes are capped per
 * identity (least recently used evicted first) and pruned past the horizon; strings are cut to
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

  /** Privilege (or, without one, action) to the event time it was last used successfully. */
  final Map<String, Long> privileges = new LinkedHashMap<>();

  /** Scope to the event time it was last granted by a successful issuance or role assumption. */
  final Map<String, Long> granted = new LinkedHashMap<>();

  final BurstCounter burst;

  IdentityBaseline(long burstBucketMillis) {
    this.burst = new BurstCounter(burstBucketMillis);
  }

  boolean isEmpty() {
    return firstSeen == NONE;
  }

  boolean hasWake() {
    return wokeAt != NONE;
  }

  /** Notes activity at {@code time}, remembering the silence it ends if it was a dormancy. */
  void touch(long time, String eventId, long minDormancyMillis) {
    if (lastSeen != NONE && time - lastSeen >= minDormancyMillis) {
      silentSince = lastSeen;
      wokeAt = time;
      wakeEventId = StateText.cut(eventId);
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
    firstSeen = firstSeen == NONE ? time : Math.min(firstSeen, time);
    lastSeen = Math.max(lastSeen, time);
  }

  void learnPrivilege(String privilege, long time, int maxEntries) {
    remember(privileges, StateText.cut(privilege), time, maxEntries);
  }

  void learnGrant(String scope, long time, int maxEntries) {
    remember(granted, StateText.cut(scope), time, maxEntries);
  }

  /** Drops what no rule can use at {@code now}: baseline entries past the horizon, an old wake. */
  void prune(long now, long horizonMillis, long maxWakeWindowMillis) {
    long oldest = now - horizonMillis;
    privileges.values().removeIf(t -> t < oldest);
    granted.values().removeIf(t -> t < oldest);
    if (hasWake() && now - wokeAt > maxWakeWindowMillis) {
      forgetWake();
    }
  }

  /** Forgets everything: the identity has been silent longer than any rule looks back. */
  void reset() {
    firstSeen = NONE;
    lastSeen = NONE;
    forgetWake();
    privileges.clear();
    granted.clear();
    burst.reset();
  }

  private void forgetWake() {
    silentSince = NONE;
    wokeAt = NONE;
    wakeEventId = null;
  }

  private static void remember(Map<String, Long> entries, String key, long time, int maxEntries) {
    Long previous = entries.remove(key);
    entries.put(key, previous == null ? time : Math.max(previous, time));
    while (entries.size() > maxEntries) {
      entries.remove(leastRecent(entries));
    }
  }

  private static String leastRecent(Map<String, Long> entries) {
    Iterator<Map.Entry<String, Long>> it = entries.entrySet().iterator();
    Map.Entry<String, Long> oldest = it.next();
    while (it.hasNext()) {
      Map.Entry<String, Long> e = it.next();
      if (e.getValue() < oldest.getValue()) {
        oldest = e;
      }
    }
    return oldest.getKey();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IdentityBaseline other
        && firstSeen == other.firstSeen
        && lastSeen == other.lastSeen
        && silentSince == other.silentSince
        && wokeAt == other.wokeAt
        && Objects.equals(wakeEventId, other.wakeEventId)
        && privileges.equals(other.privileges)
        && granted.equals(other.granted)
        && burst.equals(other.burst);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        firstSeen, lastSeen, silentSince, wokeAt, wakeEventId, privileges, granted, burst);
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
