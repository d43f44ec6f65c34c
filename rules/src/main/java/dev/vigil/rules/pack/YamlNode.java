package dev.vigil.rules.pack;

import java.util.List;
import java.util.Map;

/**
 * A YAML document as a tree that remembers where each node starts, so that every validation problem
 * can name its line and column (Jackson's own JsonNode forgets locations).
 */
sealed interface YamlNode permits YamlNode.Mapping, YamlNode.Sequence, YamlNode.Scalar {

  Mark mark();

  /** How the node reads in an error message: "a mapping", "a list", "the string \"ten\"". */
  String describe();

  /** A 1-based position in the source. */
  record Mark(int line, int column) {}

  /** One key of a mapping, with where the key itself was written. */
  record Entry(String key, Mark keyMark, YamlNode value) {}

  /** Keys in source order. */
  record Mapping(Mark mark, Map<String, Entry> entries) implements YamlNode {
    @Override
    public String describe() {
      return "a mapping";
    }

    YamlNode get(String key) {
      Entry e = entries.get(key);
      return e == null ? null : e.value();
    }
  }

  record Sequence(Mark mark, List<YamlNode> items) implements YamlNode {
    @Override
    public String describe() {
      return "a list";
    }
  }

  /**
   * A plain value. {@code value} is a String, a Number (Long, Double or BigInteger), a Boolean, or
   * null; {@code text} is the value as written.
   */
  record Scalar(Mark mark, Object value, String text) implements YamlNode {
    boolean isNull() {
      return value == null;
    }

    @Override
    public String describe() {
      if (value == null) {
        return "nothing";
      }
      if (value instanceof String) {
        return "the string \"" + text + "\"";
      }
      if (value instanceof Boolean b) {
        boolean spelledOut = text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false");
        // YAML 1.1 reads unquoted yes/no/on/off as booleans, a classic surprise in ids and names.
        return "the boolean "
            + text
            + (spelledOut
                ? ""
                : " (YAML reads an unquoted " + text + " as " + b + "; quote it to mean the text)");
      }
      return "the number " + text;
    }
  }
}
