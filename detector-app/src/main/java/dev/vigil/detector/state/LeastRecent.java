package dev.vigil.detector.state;

import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Bounds a baseline's map of things used (tools, privileges, peer terms) by forgetting the oldest.
 */
public final class LeastRecent {

  private LeastRecent() {}

  /**
   * Removes the least recently used entries until {@code entries} holds at most {@code max}: the
   * first in iteration order on a tie, never {@code keep} (null: any may go).
   */
  public static <V> void evict(
      Map<String, V> entries, int max, ToLongFunction<V> lastUsed, String keep) {
    while (entries.size() > max) {
      String oldest = null;
      long oldestTime = 0;
      for (Map.Entry<String, V> e : entries.entrySet()) {
        long time = lastUsed.applyAsLong(e.getValue());
        if (!e.getKey().equals(keep) && (oldest == null || time < oldestTime)) {
          oldest = e.getKey();
          oldestTime = time;
        }
      }
      if (oldest == null) {
        return;
      }
      entries.remove(oldest);
    }
  }
}
