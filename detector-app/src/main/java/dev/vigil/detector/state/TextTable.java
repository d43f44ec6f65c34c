package dev.vigil.detector.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A state's distinct texts written once, then referred to by index. One token's uses repeat the
 * same tool, address, workload, binding and network, so each use costs a byte per field instead of
 * the text again. A codec first {@link #add}s every text it will refer to, writes the table, then
 * writes {@link #writeRef}s; the reader does the same in order with {@link #readFrom} and {@link
 * #readRef}.
 */
public final class TextTable {

  private final List<String> texts = new ArrayList<>();
  private final Map<String, Integer> index = new HashMap<>();

  /** Adds a text (null is always known) unless already in the table; returns this. */
  public TextTable add(String text) {
    if (text != null && !index.containsKey(text)) {
      index.put(text, texts.size());
      texts.add(text);
    }
    return this;
  }

  /** A count, then each text. */
  public void writeTo(StateOutput out) {
    out.writeVarUnsigned(texts.size());
    texts.forEach(out::writeText);
  }

  /** A reference to an added text: its index plus one, zero for null. */
  public void writeRef(StateOutput out, String text) {
    if (text == null) {
      out.writeVarUnsigned(0);
      return;
    }
    Integer at = index.get(text);
    if (at == null) {
      throw new IllegalStateException("text was not added to the table before being referred to: " + text);
    }
    out.writeVarUnsigned(at + 1L);
  }

  /** The table {@link #writeTo} wrote. */
  public static TextTable readFrom(StateInput in) {
    TextTable table = new TextTable();
    for (int i = in.readCount(); i > 0; i--) {
      String text = in.readText();
      if (text == null) {
        throw in.invalid("a null text in its text table");
      }
      table.texts.add(text);
    }
    return table;
  }

  /** The text a {@link #writeRef} referred to; refuses an index past the table. */
  public String readRef(StateInput in) {
    long ref = in.readVarUnsigned();
    if (ref == 0) {
      return null;
    }
    if (ref < 0 || ref > texts.size()) {
      throw in.invalid("a text reference " + ref + " past its table of " + texts.size());
    }
    return texts.get((int) (ref - 1));
  }
}
