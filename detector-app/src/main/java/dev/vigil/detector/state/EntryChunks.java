package dev.vigil.detector.state;

import java.util.Map;

/**
 * A map's entries written in the map's order as a count, then one chunk per entry that depends only
 * on that entry and the one before it (a codec front-codes a key against the key before, a time as
 * an offset from the time before; the first entry's against nothing), and kept between encodings.
 * An encoding copies the chunk of every entry that, with the entry before it, is the same key and
 * value objects as when last written (reference comparisons, no entry read) and writes the others,
 * so a state whose maps hold hundreds of entries and change by one costs a chunk and a copy. The
 * bytes are those of writing every chunk afresh, whatever was kept; values must be immutable, as a
 * value changed in place would keep its old chunk.
 *
 * <p>Not part of any state and never encoded: a state read from bytes starts with nothing kept.
 *
 * @param <V> the map's values
 */
public final class EntryChunks<V> {

  /** Writes one entry's chunk against the entry before it: null key and value for the first. */
  @FunctionalInterface
  public interface ChunkWriter<V> {
    void write(String key, V value, String keyBefore, V valueBefore, StateOutput out);
  }

  /** The entries of the last encoding, in order, and where each one's chunk starts in bytes. */
  private String[] keys = new String[0];

  private Object[] values = new Object[0];
  private byte[] bytes = new byte[0];
  private int[] starts = {0};

  /** Writes {@code entries} with {@code writer}, and keeps what it wrote for the next call. */
  @SuppressWarnings("unchecked")
  public void write(Map<String, V> entries, StateOutput out, ChunkWriter<V> writer) {
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
      } else if (j == 0) {
        writer.write(nowKeys[0], (V) nowValues[0], null, null, out);
      } else {
        writer.write(nowKeys[j], (V) nowValues[j], nowKeys[j - 1], (V) nowValues[j - 1], out);
      }
    }
    nowStarts[count] = out.size() - blockStart;
    keys = nowKeys;
    values = nowValues;
    bytes = out.bytesFrom(blockStart);
    starts = nowStarts;
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
