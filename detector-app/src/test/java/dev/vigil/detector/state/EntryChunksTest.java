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

  /** A value written against the value before it, as the task-intent codec's times are. */
  private static void writeValue(Value value, Value before, StateOutput out) {
    out.writeVarLong(value.number() - (before == null ? 0 : before.number()));
  }

  private static Value readValue(StateInput in, Value before) {
    return new Value((int) (in.readVarLong() + (before == null ? 0 : before.number())));
  }

  private static byte[] fromScratch(Map<String, Value> map) {
    StateOutput out = new StateOutput();
    new EntryChunks<Value>().write(map, out, EntryChunksTest::writeValue);
    return out.toByteArray();
  }

  /**
   * A map changed any way between encodings (entries added, removed, replaced in place, moved to
   * the end, several at once or none) is written, whatever was kept, as an encoding from scratch
   * writes it, and read back as it is.
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
      kept.write(map, out, EntryChunksTest::writeValue);

      assertThat(out.toByteArray()).as("round %d", round).isEqualTo(fromScratch(map));
      Map<String, Value> read = new LinkedHashMap<>();
      StateInput in = new StateInput("test", out.toByteArray());
      EntryChunks.read(in, EntryChunksTest::readValue, read::put);
      in.expectEnd();
      assertThat(read).containsExactlyEntriesOf(map);
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
    kept.write(map, new StateOutput(), EntryChunksTest::writeValue);
    int[] written = {0};
    StateOutput out = new StateOutput();

    kept.write(
        map,
        out,
        (value, before, o) -> {
          written[0]++;
          writeValue(value, before, o);
        });

    assertThat(written[0]).isZero();
    assertThat(out.toByteArray()).isEqualTo(fromScratch(map));
  }
}
