package dev.vigil.rules.pack;

/**
 * One parameter a rule kind takes: its YAML name, type, catalogue default and allowed range.
 *
 * @param min lower bound of the same type as the value, or null
 * @param minInclusive whether {@code min} itself is allowed
 * @param max upper bound (inclusive), or null
 * @param meaning one line for documentation and {@code rules validate}
 */
public record ParamSpec(
    String name,
    ParamType type,
    Object defaultValue,
    Comparable<?> min,
    boolean minInclusive,
    Comparable<?> max,
    String meaning) {

  /** Why {@code value} is outside the range, or null when it is inside. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public String rangeProblem(Object value) {
    if (min != null) {
      int c = ((Comparable) value).compareTo(min);
      if (c < 0 || (c == 0 && !minInclusive)) {
        return "must be "
            + (minInclusive ? "at least " : "greater than ")
            + type.format(min)
            + ", got "
            + type.format(value);
      }
    }
    if (max != null && ((Comparable) value).compareTo(max) > 0) {
      return "must be at most " + type.format(max) + ", got " + type.format(value);
    }
    return null;
  }

  /** The allowed range in words, e.g. {@code > 0s, ≤ 1d}. */
  public String rangeText() {
    StringBuilder sb = new StringBuilder();
    if (min != null) {
      sb.append(minInclusive ? "≥ " : "> ").append(type.format(min));
    }
    if (max != null) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append("≤ ").append(type.format(max));
    }
    return sb.length() == 0 ? "any" : sb.toString();
  }

  /** This parameter as a row of the catalogue table in docs/RULES.md. */
  public String markdownRow() {
    return "| `"
        + name
        + "` | "
        + type.yamlName()
        + " | "
        + type.markdown(defaultValue)
        + " | "
        + rangeText()
        + " | "
        + meaning
        + " |";
  }
}
