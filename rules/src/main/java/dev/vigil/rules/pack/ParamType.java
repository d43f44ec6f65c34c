package dev.vigil.rules.pack;

import dev.vigil.rules.match.GlobList;
import dev.vigil.rules.pack.YamlNode.Scalar;
import dev.vigil.rules.pack.YamlNode.Sequence;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The types a rule parameter may have, and how each is read from YAML. */
public enum ParamType {
  /** {@code 30s}, {@code 10m}, {@code 24h}, {@code 7d}, {@code 1h30m} or ISO-8601 {@code PT10M}. */
  DURATION("a duration like 10m"),
  /** A whole number, written without quotes. */
  INTEGER("an integer"),
  /** A number, whole or not, written without quotes. */
  DECIMAL("a number"),
  /** {@code true} or {@code false}. */
  BOOLEAN("true or false"),
  /**
   * A list of glob patterns ({@code *} matches any run of characters), e.g. {@code [github,
   * "vault:auth/token/"]}; read as a {@link GlobList}, so matching never recompiles them.
   */
  GLOBS("a list of globs");

  private final String expected;

  ParamType(String expected) {
    this.expected = expected;
  }

  /** How an error message names what was expected. */
  public String expected() {
    return expected;
  }

  public String yamlName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** A value in a Markdown table: as {@link #format}, but each glob set as code. */
  @SuppressWarnings("unchecked")
  public String markdown(Object value) {
    if (this != GLOBS) {
      return format(value);
    }
    List<String> globs = (List<String>) value;
    return globs.isEmpty() ? "none" : "`" + String.join("`, `", globs) + "`";
  }

  /** Pack text of a value of this type, e.g. {@code 10m}, {@code 10.0} or {@code [a, b*]}. */
  public String format(Object value) {
    return this == DURATION ? DurationText.format((Duration) value) : String.valueOf(value);
  }

  /**
   * The value of {@code node}: a Duration, Integer, Double, Boolean or GlobList. Throws
   * IllegalArgumentException with a message like {@code expected a duration like 10m, got "ten"}.
   */
  Object read(YamlNode node) {
    if (this == GLOBS) {
      return readGlobs(node);
    }
    if (node instanceof Scalar scalar && !scalar.isNull()) {
      Object v = scalar.value();
      switch (this) {
        case DURATION:
          if (v instanceof String s) {
            Duration d = DurationText.parse(s);
            if (d != null) {
              return d;
            }
          }
          break;
        case INTEGER:
          if (v instanceof Long || v instanceof Integer || v instanceof BigInteger) {
            Number n = (Number) v;
            if (n instanceof BigInteger || n.longValue() != n.intValue()) {
              throw new IllegalArgumentException("integer " + scalar.text() + " is out of range");
            }
            return n.intValue();
          }
          break;
        case DECIMAL:
          if (v instanceof Number n) {
            double d = n.doubleValue();
            if (Double.isFinite(d)) {
              return d;
            }
          }
          break;
        case BOOLEAN:
          if (v instanceof Boolean b) {
            return b;
          }
          break;
        default:
          throw new AssertionError(this);
      }
    }
    throw new IllegalArgumentException("expected " + expected + ", got " + node.describe());
  }

  /** A list of texts, each a usable glob; the first that is not is named in the message. */
  private GlobList readGlobs(YamlNode node) {
    if (!(node instanceof Sequence sequence)) {
      throw new IllegalArgumentException("expected " + expected + ", got " + node.describe());
    }
    List<String> texts = new ArrayList<>();
    for (YamlNode item : sequence.items()) {
      if (!(item instanceof Scalar scalar) || !(scalar.value() instanceof String text)) {
        throw new IllegalArgumentException(
            "expected each glob to be a text, got " + item.describe());
      }
      texts.add(text);
    }
    return GlobList.of(texts);
  }
}
