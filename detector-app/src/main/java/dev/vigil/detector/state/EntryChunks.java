package dev.vigil.detector.state;

import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A map's entries written in the map's order as a count, then one chunk per entry that depends only
 * on that entry and the one before it: the key front-coded against the key before's, then the value
 * as its codec writes it against the value before (a time as an offset from the time before, say;
 * the first entry's against nothing), and kept between encodings. An encoding copies the chunk of
 * every entry that, with the entry before it, is the same key and value objects as when last
 * written (reference comparisons, no entry read) and writes the others, so a state whose maps hold
 * hundreds of entries and change by one costs a chunk and a copy. The bytes are those of writing
 * every chunk afresh, whatever was kept; values must be immutable, as a value changed in place
 * would keep its old chunk.
 *
 * <p>Not part of any state and never encoded: a state read from bytes starts with nothing kept.
 *
 * @param <V> the map's values
 */
public final class EntryChunks<V> {

  /** Writes one entry's value against the value before it: null for the first entry's. */
  @FunctionalInterface
  public interface ValueWriter<V> {
    void write(V value, V before, StateOutput out);
  }

  /** Reads what a {@link ValueWriter} wrote against the same value before it. */
  @FunctionalInterface
  public interface ValueReader<V> {
    V read(StateInput in, V before);
  }

  /** The entries of the last encoding, in order, and where each one's chunk starts in bytes. */
  private String[] keys = new String[0];

  private Object[] values = new Object[0];
  private byte[] bytes = new byte[0];
  private int[] starts = {0};

  /** Writes {@code entries} with {@code writer}, and keeps what it wrote for the next call. */
  @SuppressWarnings("unchecked")
  public void write(Map<String, V> entries, StateOutput out, ValueWriter<V> writer) {
    int count = entries.size();
    String[] nowKeys = new String[count];
    Object[] nowValues = new Object[count];
    int i = 0;
    for (Map.Entry<String, V> e : entries.entrySet()) {
      nowKeys[i] = e.getKey();
      nowValues[i] = e.getValue();
      i++;
    }
    out.writeVarUnsigned(count);
    int blockStart = out.size();
    int[] nowStarts = new int[count + 1];
    int matched = -1;
    for (int j = 0; j < count; j++) {
      nowStarts[j] = out.size() - blockStart;
      int at = find(nowKeys[j], nowValues[j], matched + 1);
      if (at >= 0) {
        matched = at;
      }
      if (at >= 0 && sameBefore(nowKeys, nowValues, j, at)) {
        out.writeBytes(bytes, starts[at], starts[at + 1]);
      } else {
        out.writeFrontCoded(nowKeys[j], j == 0 ? "" : nowKeys[j - 1]);
        writer.write((V) nowValues[j], j == 0 ? null : (V) nowValues[j - 1], out);
      }
    }
    nowStarts[count] = out.size() - blockStart;
    keys = nowKeys;
    values = nowValues;
    bytes = out.bytesFrom(blockStart);
    starts = nowStarts;
  }

  /** Reads the entries {@link #write} wrote, in order, into {@code into}. */
  public static <V> void read(StateInput in, ValueReader<V> reader, BiConsumer<String, V> into) {
    String key = "";
    V value = null;
    for (int i = in.readCount(); i > 0; i--) {
      key = in.readFrontCoded(key);
      if (key == null) {
        throw in.invalid("an entry with no key");
      }
      value = reader.read(in, value);
      into.accept(key, value);
    }
  }

  /** Where the entry was in the last encoding, looking from {@code from} on; -1 if nowhere. */
  private int find(String key, Object value, int from) {
    for (int k = from; k < keys.length; k++) {
      if (keys[k] == key && values[k] == value) {
        return k;
      }
    }
    return -1;
  }

  /**
   * True when the entry at {@code j} now, kept at {@code at}, had the same entry before it then (or
   * none, for the first): its chunk depends on nothing else.
   */
  private boolean sameBefore(String[] nowKeys, Object[] nowValues, int j, int at) {
    if (j == 0) {
      return at == 0;
    }
    return at >= 1 && keys[at - 1] == nowKeys[j - 1] && values[at - 1] == nowValues[j - 1];
  }
}
