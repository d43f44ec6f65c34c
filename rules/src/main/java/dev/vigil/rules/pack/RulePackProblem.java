package dev.vigil.rules.pack;

/**
 * One thing wrong with a rule pack, located in its source.
 *
 * @param origin the file name (or other origin) the pack was read from
 * @param line 1-based line, 0 when the problem has no position (e.g. the file cannot be read)
 * @param column 1-based column, 0 when the problem has no position
 * @param field the path of the offending field, e.g. {@code rules[2].params.window} (0-based
 *     indexes); empty for the pack as a whole
 * @param message what is wrong, and when it can tell, what was meant
 */
public record RulePackProblem(String origin, int line, int column, String field, String message) {

  /** {@code FILE:LINE:COL: field 'PATH': MESSAGE}, the form editors and CI logs link to. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(origin);
    if (line > 0) {
      sb.append(':').append(line).append(':').append(column);
    }
    sb.append(": ");
    if (!field.isEmpty()) {
      sb.append("field '").append(field).append("': ");
    }
    return sb.append(message).toString();
  }
}
