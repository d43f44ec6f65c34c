package dev.vigil.detector.state;

import java.util.Arrays;

/**
 * A state's distinct texts written once, then referred to by index. One token's uses repeat the
 * same tool, address, workload, binding and network, so each use costs a byte per field instead of
 * the text again. A codec first {@link #add}s every text it will refer to, writes the table, then
 * writes {@link #writeRef}s; the reader does the same in order with {@link #readFrom} and {@link
 * #readRef}.
 *
 * <p>Why not a {@code HashMap}: a state is encoded at every commit that changed it, with tens to
 * hundreds of texts each time. Profiling put {@code HashMap}'s insertions (a node per text, four
 * resizes, tree bins) at most of such an encoding. Here the texts sit in one array and an
 * open-addressing table of their positions finds them, comparing the cached hash before the text.
 *
 * <p>The front-coded form (texts sorted, each after the prefix it shares with the one before) is
 * only read now: the task-intent state's versions 2 and 3 wrote it, and version 4 writes chunks
 * instead (see {@code IntentStateCodec}).
 */
public final class TextTable {

  private String[] texts = new String[16];
  private int size;

  /**
   * Open addressing, linear probing: each slot holds a text's position in {@code texts} plus one
   * (zero when empty) and that text's hash; {@code shift} keeps the hash's top bits for the slot.
   */
  private int[] slots = new int[32];

  private int[] hashes = new int[32];
  private int shift = Integer.numberOfLeadingZeros(32) + 1;

  public TextTable() {}

  /**
   * A table read from bytes: looked up by index; its slots are built only if a text is looked up.
   */
  private TextTable(int count) {
    this.texts = new String[Math.max(count, 1)];
    this.slots = null;
    this.hashes = null;
  }

  /** Adds a text (null is always known) unless already in the table; returns this. */
  public TextTable add(String text) {
    if (text == null) {
      return this;
    }
    indexTexts();
    int slot = slotOf(text);
    if (slots[slot] == 0) {
      if (size == texts.length) {
        texts = Arrays.copyOf(texts, size * 2);
      }
      texts[size++] = text;
      slots[slot] = size;
      hashes[slot] = text.hashCode();
      if (size * 2 > slots.length) {
        rehash(slots.length * 2);
      }
    }
    return this;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  /** A count, then each text. */
  public void writeTo(StateOutput out) {
    out.writeVarUnsigned(size);
    for (int i = 0; i < size; i++) {
      out.writeText(texts[i]);
    }
  }

  /** A reference to an added text: its index plus one, zero for null. */
  public void writeRef(StateOutput out, String text) {
    if (text == null) {
      out.writeVarUnsigned(0);
      return;
    }
    indexTexts();
    int at = slots[slotOf(text)];
    if (at == 0) {
      throw new IllegalStateException(
          "text was not added to the table before being referred to: " + text);
    }
    out.writeVarUnsigned(at);
  }

  /** The table {@link #writeTo} wrote. */
  public static TextTable readFrom(StateInput in) {
    int count = in.readCount();
    TextTable table = new TextTable(count);
    for (int i = 0; i < count; i++) {
      String text = in.readText();
      if (text == null) {
        throw in.invalid("a null text in its text table");
      }
      table.texts[i] = text;
    }
    table.size = count;
    return table;
  }

  /** A front-coded table, as the task-intent state's versions 2 and 3 wrote it. */
  public static TextTable readFrontCodedFrom(StateInput in) {
    int count = in.readCount();
    TextTable table = new TextTable(count);
    String previous = "";
    for (int i = 0; i < count; i++) {
      long shared = in.readVarUnsigned();
      if (shared < 0 || shared > previous.length()) {
        throw in.invalid(
            "a shared prefix of " + shared + " past the text before it in its text table");
      }
      String rest = in.readText();
      if (rest == null) {
        throw in.invalid("a null text in its text table");
      }
      previous = shared == 0 ? rest : previous.substring(0, (int) shared) + rest;
      table.texts[i] = previous;
    }
    table.size = count;
    return table;
  }

  /** The text a {@link #writeRef} referred to; refuses an index past the table. */
  public String readRef(StateInput in) {
    long ref = in.readVarUnsigned();
    if (ref == 0) {
      return null;
    }
    if (ref < 0 || ref > size) {
      throw in.invalid("a text reference " + ref + " past its table of " + size);
    }
    return texts[(int) (ref - 1)];
  }

  /**
   * The slot holding {@code text}, or the empty slot where it would go. The hash is scrambled
   * (Fibonacci hashing, the top bits of a multiply) because ids that differ in their last character
   * have consecutive hashes, which linear probing would pack into long runs; a slot's hash is
   * compared before its text, since ids of one scheme share long prefixes.
   */
  private int slotOf(String text) {
    int mask = slots.length - 1;
    int h = text.hashCode();
    int i = (h * 0x9E3779B9) >>> shift;
    int at;
    while ((at = slots[i]) != 0) {
      if (hashes[i] == h) {
        String known = texts[at - 1];
        if (known == text || known.equals(text)) {
          return i;
        }
      }
      i = (i + 1) & mask;
    }
    return i;
  }

  /** Builds the slots of a table read from bytes, the first time a text is looked up in it. */
  private void indexTexts() {
    if (slots == null) {
      rehash(Integer.highestOneBit(Math.max(size, 8)) * 4);
    }
  }

  private void rehash(int capacity) {
    slots = new int[capacity];
    hashes = new int[capacity];
    shift = Integer.numberOfLeadingZeros(capacity) + 1;
    for (int i = 0; i < size; i++) {
      int slot = slotOf(texts[i]);
      slots[slot] = i + 1;
      hashes[slot] = texts[i].hashCode();
    }
  }
}
