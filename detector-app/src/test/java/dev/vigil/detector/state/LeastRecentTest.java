package dev.vigil.detector.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeastRecentTest {

  private static Map<String, Long> usedAt(Object... keysAndTimes) {
    Map<String, Long> entries = new LinkedHashMap<>();
    for (int i = 0; i < keysAndTimes.length; i += 2) {
      entries.put((String) keysAndTimes[i], ((Number) keysAndTimes[i + 1]).longValue());
    }
    return entries;
  }

  @Test
  void forgetsTheLeastRecentlyUsedUntilTheMapFits() {
    Map<String, Long> entries = usedAt("a", 30, "b", 10, "c", 40, "d", 20);

    LeastRecent.evict(entries, 2, Long::longValue, null);

    assertThat(entries).containsOnlyKeys("a", "c");
  }

  @Test
  void neverForgetsTheEntryToKeepEvenWhenItIsTheOldest() {
    Map<String, Long> entries = usedAt("new", 5, "b", 10, "c", 40);

    LeastRecent.evict(entries, 2, Long::longValue, "new");

    assertThat(entries).containsOnlyKeys("new", "c");
  }

  @Test
  void onATieTheFirstInIterationOrderGoes() {
    Map<String, Long> entries = usedAt("x", 10, "y", 10, "z", 20);

    LeastRecent.evict(entries, 2, Long::longValue, null);

    assertThat(entries).containsOnlyKeys("y", "z");
  }

  @Test
  void leavesAMapWithinItsBoundAlone() {
    Map<String, Long> entries = usedAt("a", 1, "b", 2);

    LeastRecent.evict(entries, 2, Long::longValue, "a");

    assertThat(entries).containsOnlyKeys("a", "b");
  }

  @Test
  void stopsWhenOnlyTheEntryToKeepIsLeft() {
    Map<String, Long> entries = usedAt("only", 1);

    LeastRecent.evict(entries, 0, Long::longValue, "only");

    assertThat(entries).containsOnlyKeys("only");
  }
}
