package dev.vigil.detector.lateral;

import dev.vigil.detector.baseline.Evidence;
import dev.vigil.detector.state.LeastRecent;
import dev.vigil.detector.state.StateText;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link ToolFanoutDetector} remembers about one identity: when it was first and last active,
 * how much of its habit has been seen ({@link Evidence}: active days, uses since its tool set last
 * grew) and, per tool it reached within the horizon, since when it has been reaching it, when it
 * last did, and (while the tool is inside the fan-out window) the event that brought it in, as
 * evidence. Capped per identity (least recently used tool evicted first) and pruned past the
 * horizon; tool names and event ids are cut to {@link StateText#MAX_CHARS} characters.
 *
 * <p>Times are epoch milliseconds of event time; {@link #NONE} means never.
 */
public final class ToolBaseline {

  static final long NONE = Long.MIN_VALUE;
  long firstSeen = NONE;
  long lastSeen = NONE;
  final Map<String, ToolUse> tools = new LinkedHashMap<>();
  final Evidence evidence = new Evidence();

  boolean isEmpty() {
    return firstSeen == NONE;
  }

  /**
   * Records that the identity reached {@code tool} at {@code time} and returns when it last had
   * before (NONE if not within the baseline). A later touch moves the tool to the end of the map,
   * so the map is in recency order when events arrive in order.
   */
  long reach(String tool, long time, String eventId, long evidenceWindowMillis, int maxEntries) {
    ToolUse use = tools.remove(tool);
    long previous = NONE;
    if (use == null) {
      use = new ToolUse(time, time, eventId, time);
    } else {
      previous = use.lastUsed;
      boolean outOfWindow = use.windowEventId == null || time - use.lastUsed > evidenceWindowMillis;
      if (outOfWindow && time > use.lastUsed) {
        use.windowEventId = eventId;
        use.enteredAt = time;
      } else if (time < use.enteredAt) {
        // A late event that came first: it is the one that brought the tool into the window.
        use.windowEventId = eventId;
        use.enteredAt = time;
      }
      use.since = Math.min(use.since, time);
      use.lastUsed = Math.max(use.lastUsed, time);
    }
    tools.put(tool, use);
    LeastRecent.evict(tools, maxEntries, u -> u.lastUsed, tool);
    firstSeen = firstSeen == NONE ? time : Math.min(firstSeen, time);
    lastSeen = Math.max(lastSeen, time);
    evidence.active(time, firstSeen);
    evidence.observed(previous == NONE);
    return previous;
  }

  /** Forgets tools not reached within the horizon and evidence that has left the window. */
  void prune(long now, long horizonMillis, long evidenceWindowMillis) {
    tools.values().removeIf(use -> use.lastUsed < now - horizonMillis);
    for (ToolUse use : tools.values()) {
      if (use.lastUsed < now - evidenceWindowMillis) {
        use.windowEventId = null;
        use.enteredAt = NONE;
      }
    }
  }

  void reset() {
    firstSeen = NONE;
    lastSeen = NONE;
    tools.clear();
    evidence.reset();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ToolBaseline other
        && firstSeen == other.firstSeen
        && lastSeen == other.lastSeen
        && evidence.equals(other.evidence)
        && tools.equals(other.tools);
  }

  @Override
  public int hashCode() {
    return Objects.hash(firstSeen, lastSeen, evidence, tools);
  }

  @Override
  public String toString() {
    return "ToolBaseline[firstSeen="
        + firstSeen
        + ", lastSeen="
        + lastSeen
        + ", tools="
        + tools
        + "]";
  }

  /** One tool of the baseline. */
  static final class ToolUse {
    long since;
    long lastUsed;
    String windowEventId;
    long enteredAt;

    ToolUse(long since, long lastUsed, String windowEventId, long enteredAt) {
      this.since = since;
      this.lastUsed = lastUsed;
      this.windowEventId = windowEventId;
      this.enteredAt = enteredAt;
    }

    boolean inWindow(long windowStart) {
      return lastUsed >= windowStart;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ToolUse other
          && since == other.since
          && lastUsed == other.lastUsed
          && enteredAt == other.enteredAt
          && Objects.equals(windowEventId, other.windowEventId);
    }

    @Override
    public int hashCode() {
      return Objects.hash(since, lastUsed, windowEventId, enteredAt);
    }

    @Override
    public String toString() {
      return "{since=" + since + ", lastUsed=" + lastUsed + ", evidence=" + windowEventId + "}";
    }
  }
}
