package dev.vigil.rules.match;

import java.util.Arrays;
import java.util.Objects;

/**
 * A compiled glob pattern: {@code *} matches any run of characters (also none), {@code ?} exactly
 * one character, and a backslash makes the next {@code *}, {@code ?} or {@code \} literal, because
 * privileges such as {@code s3:*} exist literally. A backslash before any other character is itself
 * literal, so identities like {@code CORP\svc-backup} need no escaping.
 *
 * <p>Compiled once and matched without regular expressions or allocation: exceptions and privileged
 * patterns are checked for every event.
 */
public final class Glob {

  private static final char ANY_RUN = '*';
  private static final char ONE = '?';
  private static final char ESCAPE = '\\';

  private final String pattern;
  private final boolean ignoreCase;

  /** The pattern's characters with escapes removed. */
  private final char[] chars;

  /** Per character of {@link #chars}: true when it is a wildcard, false when literal. */
  private final boolean[] wild;

  private final boolean literalOnly;

  private Glob(String pattern, boolean ignoreCase) {
    this.pattern = pattern;
    this.ignoreCase = ignoreCase;
    char[] out = new char[pattern.length()];
    boolean[] isWild = new boolean[pattern.length()];
    int n = 0;
    boolean anyWild = false;
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == ESCAPE && i + 1 < pattern.length() && isSpecial(pattern.charAt(i + 1))) {
        out[n++] = fold(pattern.charAt(++i));
      } else if (c == ANY_RUN || c == ONE) {
        isWild[n] = true;
        out[n++] = c;
        anyWild = true;
      } else {
        out[n++] = fold(c);
      }
    }
    this.chars = Arrays.copyOf(out, n);
    this.wild = Arrays.copyOf(isWild, n);
    this.literalOnly = !anyWild;
  }

  /** Compiles a case-sensitive glob. */
  public static Glob compile(String pattern) {
    return new Glob(checked(pattern), false);
  }

  /** Compiles a glob that ignores case, for names whose case carries no meaning (IAM actions). */
  public static Glob compileIgnoringCase(String pattern) {
    return new Glob(checked(pattern), true);
  }

  /**
   * Why {@code pattern} is not a usable glob, or null when it is. A pattern is refused when it is
   * empty, or starts or ends with whitespace (nearly always a quoting slip in YAML).
   */
  public static String problem(String pattern) {
    if (pattern == null || pattern.isEmpty()) {
      return "a pattern must not be empty";
    }
    if (pattern.isBlank()) {
      return "a pattern must not be blank";
    }
    if (Character.isWhitespace(pattern.charAt(0))
        || Character.isWhitespace(pattern.charAt(pattern.length() - 1))) {
      return "a pattern must not start or end with whitespace";
    }
    return null;
  }

  public String pattern() {
    return pattern;
  }

  /** True when the whole of {@code text} matches; null never matches. */
  public boolean matches(String text) {
    if (text == null) {
      return false;
    }
    if (literalOnly) {
      return text.length() == chars.length && literalEquals(text);
    }
    // Greedy two-pointer match that backtracks only to the most recent star: linear for the
    // patterns rules use, never exponential.
    int p = 0;
    int t = 0;
    int starP = -1;
    int starT = 0;
    int len = text.length();
    while (t < len) {
      if (p < chars.length && wild[p] && chars[p] == ANY_RUN) {
        starP = p++;
        starT = t;
      } else if (p < chars.length
          && (wild[p] ? chars[p] == ONE : chars[p] == fold(text.charAt(t)))) {
        p++;
        t++;
      } else if (starP >= 0) {
        p = starP + 1;
        t = ++starT;
      } else {
        return false;
      }
    }
    while (p < chars.length && wild[p] && chars[p] == ANY_RUN) {
      p++;
    }
    return p == chars.length;
  }

  private boolean literalEquals(String text) {
    for (int i = 0; i < chars.length; i++) {
      if (chars[i] != fold(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private char fold(char c) {
    return ignoreCase ? Character.toLowerCase(Character.toUpperCase(c)) : c;
  }

  private static boolean isSpecial(char c) {
    return c == ANY_RUN || c == ONE || c == ESCAPE;
  }

  private static String checked(String pattern) {
    Objects.requireNonNull(pattern, "pattern");
    String problem = problem(pattern);
    if (problem != null) {
      throw new IllegalArgumentException(problem + ": '" + pattern + "'");
    }
    return pattern;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Glob g && g.pattern.equals(pattern) && g.ignoreCase == ignoreCase;
  }

  @Override
  public int hashCode() {
    return pattern.hashCode() * 31 + (ignoreCase ? 1 : 0);
  }

  @Override
  public String toString() {
    return pattern;
  }
}
