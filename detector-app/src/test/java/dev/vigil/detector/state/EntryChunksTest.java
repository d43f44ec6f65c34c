package dev.vigil.detector.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class EntryChunksTest {

  /** An immutable value, compared by reference as EntryChunks compares it. */
  private record Value(int number) {}

  /** A chunk that depends on the entry before it, as the task-intent codec's do. */
  private static void writeChunk(
      String key, Value value, String keyBefore, Value valueBefore, StateOutput out) {
    out.writeFrontCoded(key, keyBefore == null ? "" : keyBefore);
    out.writeVarLong(value.number() - (valueBefore == null ? 0 : valueBefore.number()));
  }

  private static byte[] fromScratch(Map<String, Value> map) {
    StateOutput out = new StateOutput();
    new EntryChunks<Value>().write(map, out, EntryChunksTest::writeChunk);
    return out.toByteArray();
  }

  /**
   * A map changed any way between encodings (entries added, removed, replaced in place, moved to
   * the end, several at once or none) is written, whatever was kept, as an encoding from scratch
   * writes it.
   */
  @Property(tries = 300)
  void whateverChangedTheBytesAreThoseOfAnEncodingFromScratch(
      @ForAll @IntRange(min = 0, max = 10_000) int seed) {
    Random random = new Random(seed);
    Map<String, Value> map = new LinkedHashMap<>();
    EntryChunks<Value> kept = new EntryChunks<>();
    for (int round = 0; round < 40; round++) {
      for (int change = random.nextInt(4); change > 0; change--) {
        String key = "task-" + random.nextInt(12);
        switch (random.nextInt(4)) {
          case 0 -> map.put(key, new Value(random.nextInt(1_000)));
          case 1 -> map.remove(key);
          case 2 -> {
            map.remove(key);
            map.put(key, new Value(random.nextInt(1_000)));
          }
          default -> {
            List<String> keys = new ArrayList<>(map.keySet());
            if (!keys.isEmpty()) {
              map.remove(keys.get(0));
            }
          }
        }
      }
      StateOutput out = new StateOutput();
      kept.write(map, out, EntryChunksTest::writeChunk);

      assertThat(out.toByteArray()).as("round %d", round).isEqualTo(fromScratch(map));
    }
  }

  /** An unchanged map costs no chunk written: every one is copied. */
  @Property(tries = 50)
  void anUnchangedMapIsCopiedWhole(@ForAll @IntRange(min = 1, max = 200) int entries) {
    Map<String, Value> map = new LinkedHashMap<>();
    for (int i = 0; i < entries; i++) {
      map.put("tok-" + i, new Value(i));
    }
    EntryChunks<Value> kept = new EntryChunks<>();
    kept.write(map, new StateOutput(), EntryChunksTest::writeChunk);
    int[] written = {0};
    StateOutput out = new StateOutput();

    kept.write(
        map,
        out,
        (key, value, keyBefore, valueBefore, o) -> {
          written[0]++;
          writeChunk(key, value, keyBefore, valueBefore, o);
        });

    assertThat(written[0]).isZero();
    assertThat(out.toByteArray()).isEqualTo(fromScratch(map));
  }
}
