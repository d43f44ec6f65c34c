package dev.vigil.deploy;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression selects. Not a full parser: a tokenizer that knows enough of
 * PromQL to tell a metric name from everything else that looks like an identifier — function and
 * aggregation names (followed by {@code (} or a {@code by}/{@code without} clause), keywords
 * ({@code and}, {@code offset}, {@code bool} ...), label lists after {@code by}, {@code on}, {@code
 * group_left} ..., label matchers inside {@code {...}} (except {@code __name__="..."}, which names
 * a metric), range and subquery brackets, strings, comments, numbers, durations and Grafana
 * variables ({@code $__rate_interval}, {@code ${var}}).
 */
public final class PromQlMetricNames {

  private static final Set<String> AGGREGATIONS =
      Set.of(
          "sum",
          "min",
          "max",
          "avg",
          "group",
          "stddev",
          "stdvar",
          "count",
          "count_values",
          "bottomk",
          "topk",
          "quantile",
          "limitk",
          "limit_ratio");
  private static final Set<String> LABEL_LIST_KEYWORDS =
      Set.of("by", "without", "on", "ignoring", "group_left", "group_right");
  private static final Set<String> KEYWORDS =
      Set.of("and", "or", "unless", "bool", "offset", "atan2", "inf", "nan");
  private static final Pattern NAME_MATCHER =
      Pattern.compile("__name__\\s*=\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|'((?:[^'\\\\]|\\\\.)*)')");

  private PromQlMetricNames() {}

  public static Set<String> in(String expr) {
    Set<String> names = new LinkedHashSet<>();
    int i = 0;
    int n = expr.length();
    while (i < n) {
      char c = expr.charAt(i);
      if (c == '#') {
        i = skipTo(expr, i, '\n');
      } else if (c == '"' || c == '\'' || c == '`') {
        i = skipString(expr, i);
      } else if (c == '{') {
        int end = closing(expr, i, '{', '}');
        Matcher m = NAME_MATCHER.matcher(expr.substring(i + 1, end));
        while (m.find()) {
          names.add(m.group(2) != null ? m.group(2) : m.group(3));
        }
        i = end + 1;
      } else if (c == '[') {
        i = closing(expr, i, '[', ']') + 1;
      } else if (c == '$') {
        i = skipVariable(expr, i);
      } else if (Character.isDigit(c)
          || (c == '.' && i + 1 < n && Character.isDigit(expr.charAt(i + 1)))) {
        i = skipNumber(expr, i);
      } else if (isIdentifierStart(c)) {
        int end = i + 1;
        while (end < n && isIdentifierPart(expr.charAt(end))) {
          end++;
        }
        String word = expr.substring(i, end);
        String lower = word.toLowerCase(Locale.ROOT);
        int next = skipSpace(expr, end);
        boolean call = next < n && expr.charAt(next) == '(';
        if (LABEL_LIST_KEYWORDS.contains(lower)) {
          i = call ? closing(expr, next, '(', ')') + 1 : end;
        } else if (call || AGGREGATIONS.contains(lower) || KEYWORDS.contains(lower)) {
          i = end;
        } else {
          names.add(word);
          i = end;
        }
      } else {
        i++;
      }
    }
    return names;
  }

  private static boolean isIdentifierStart(char c) {
    return Character.isLetter(c) || c == '_' || c == ':';
  }

  private static boolean isIdentifierPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == ':';
  }

  private static int skipSpace(String s, int i) {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static int skipTo(String s, int i, char stop) {
    int at = s.indexOf(stop, i);
    return at < 0 ? s.length() : at + 1;
  }

  private static int skipString(String s, int start) {
    char quote = s.charAt(start);
    int i = start + 1;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '\\' && quote != '`') {
        i += 2;
      } else if (c == quote) {
        return i + 1;
      } else {
        i++;
      }
    }
    throw new IllegalArgumentException("unterminated string starting at " + start + " in: " + s);
  }

  /** Index of the bracket closing the one at {@code open}, skipping strings inside. */
  private static int closing(String s, int open, char opening, char closing) {
    int depth = 0;
    int i = open;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '"' || c == '\'' || c == '`') {
        i = skipString(s, i);
        continue;
      }
      if (c == opening) {
        depth++;
      } else if (c == closing && --depth == 0) {
        return i;
      }
      i++;
    }
    throw new IllegalArgumentException("unbalanced '" + opening + "' at " + open + " in: " + s);
  }

  private static int skipVariable(String s, int start) {
    int i = start + 1;
    if (i < s.length() && s.charAt(i) == '{') {
      return closing(s, i, '{', '}') + 1;
    }
    while (i < s.length() && isIdentifierPart(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static int skipNumber(String s, int i) {
    // Numbers, hex, exponents and durations (5m, 1h30m, 1e3, 0x1f): letters, digits and dots.
    while (i < s.length()
        && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '.' || s.charAt(i) == '_')) {
      i++;
    }
    return i;
  }
}
