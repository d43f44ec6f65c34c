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
    // One look-up per text, not a containsKey and then a put: a state's encoding adds every text it
    // holds, at every commit that changed it, and these look-ups led the profile of that encoding.
    if (text != null && index.putIfAbsent(text, texts.size()) == null) {
      texts.add(text);
    }
    return this;
  }

  public boolean isEmpty() {
    return texts.isEmpty();
  }

  /** A count, then each text. */
  public void writeTo(StateOutput out) {
    out.writeVarUnsigned(texts.size());
    texts.forEach(out::writeText);
  }

  /**
   * The front-coded form, for tables of ids that share prefixes ({@code task-}, {@code tok-}, an
   * emitter's event id scheme): the texts sorted, each written as the length of the prefix it
   * shares with the text before it, then the rest. Sorting renumbers the texts, so call this after
   * the last {@link #add} and before the first {@link #writeRef}; read with {@link
   * #readFrontCodedFrom}.
   */
  public void writeFrontCodedTo(StateOutput out) {
    texts.sort(null);
    for (int i = 0; i < texts.size(); i++) {
      index.replace(texts.get(i), i);
    }
    out.writeVarUnsigned(texts.size());
    String previous = "";
    for (String text : texts) {
      int shared = sharedPrefix(previous, text);
      out.writeVarUnsigned(shared);
      out.writeText(text.substring(shared));
      previous = text;
    }
  }

  /** A reference to an added text: its index plus one, zero for null. */
  public void writeRef(StateOutput out, String text) {
    if (text == null) {
      out.writeVarUnsigned(0);
      return;
    }
    Integer at = index.get(text);
    if (at == null) {
      throw new IllegalStateException(
          "text was not added to the table before being referred to: " + text);
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

  /** The table {@link #writeFrontCodedTo} wrote. */
  public static TextTable readFrontCodedFrom(StateInput in) {
    TextTable table = new TextTable();
    String previous = "";
    for (int i = in.readCount(); i > 0; i--) {
      long shared = in.readVarUnsigned();
      if (shared < 0 || shared > previous.length()) {
        throw in.invalid(
            "a shared prefix of " + shared + " past the text before it in its text table");
      }
      String rest = in.readText();
      if (rest == null) {
        throw in.invalid("a null text in its text table");
      }
      previous = previous.substring(0, (int) shared) + rest;
      table.texts.add(previous);
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

  /** Chars two texts share at their start, never ending inside a surrogate pair. */
  private static int sharedPrefix(String a, String b) {
    int max = Math.min(a.length(), b.length());
    int n = 0;
    while (n < max && a.charAt(n) == b.charAt(n)) {
      n++;
    }
    return n > 0 && Character.isHighSurrogate(a.charAt(n - 1)) ? n - 1 : n;
  }
}
