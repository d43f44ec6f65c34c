package dev.vigil.detector.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ByEventTimeTest {

  record Item(Instant time, int arrival) {}

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void anItemOutOfOrderGoesAfterEveryItemNotLaterThanIt() {
    List<Item> items = new ArrayList<>();
    ByEventTime.insert(items, new Item(T0.plusSeconds(10), 0), Item::time, 10);
    ByEventTime.insert(items, new Item(T0.plusSeconds(30), 1), Item::time, 10);
    ByEventTime.insert(items, new Item(T0.plusSeconds(10), 2), Item::time, 10);
    ByEventTime.insert(items, new Item(T0.plusSeconds(5), 3), Item::time, 10);

    assertThat(items).extracting(Item::arrival).containsExactly(3, 0, 2, 1);
  }

  @Test
  void pastTheCapTheOldestGo() {
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ByEventTime.insert(items, new Item(T0.plusSeconds(5 - i), i), Item::time, 3);
    }

    assertThat(items).extracting(Item::arrival).containsExactly(2, 1, 0);
  }

  /** The list a stable sort after appending gives, as the method did before it searched. */
  @Test
  void givesWhatAStableSortAfterAppendingGives() {
    Random random = new Random(14);
    List<Item> searched = new ArrayList<>();
    List<Item> sorted = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      Item item = new Item(T0.plusSeconds(random.nextInt(200)), i);
      ByEventTime.insert(searched, item, Item::time, 64);
      sorted.add(item);
      sorted.sort(Comparator.comparing(Item::time));
      while (sorted.size() > 64) {
        sorted.remove(0);
      }
      assertThat(searched).isEqualTo(sorted);
    }
  }

  @Test
  void dropBeforeDropsWhatRemoveIfDropped() {
    Random random = new Random(15);
    for (int round = 0; round < 200; round++) {
      List<Item> items = new ArrayList<>();
      int count = random.nextInt(70);
      for (int i = 0; i < count; i++) {
        ByEventTime.insert(items, new Item(T0.plusSeconds(random.nextInt(100)), i), Item::time, 64);
      }
      List<Item> expected = new ArrayList<>(items);
      Instant cutoff = T0.plusSeconds(random.nextInt(110));
      boolean removed = expected.removeIf(item -> item.time().isBefore(cutoff));

      assertThat(ByEventTime.dropBefore(items, cutoff, Item::time)).isEqualTo(removed);
      assertThat(items).isEqualTo(expected);
    }
  }
}
