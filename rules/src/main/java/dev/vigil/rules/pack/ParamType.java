package dev.vigil.rules.pack;

import dev.vigil.rules.pack.YamlNode.Scalar;
import java.math.BigInteger;
import java.time.Duration;
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
  BOOLEAN("true or false");

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

  /** Pack text of a value of this type, e.g. {@code 10m} or {@code 10.0}. */
  public String format(Object value) {
    return this == DURATION ? DurationText.format((Duration) value) : String.valueOf(value);
  }

  /**
   * The value of {@code node}: a Duration, Integer, Double or Boolean. Throws
   * IllegalArgumentException with a message like {@code expected a duration like 10m, got "ten"}.
   */
  Object read(YamlNode node) {
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
}
