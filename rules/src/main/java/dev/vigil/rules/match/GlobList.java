package dev.vigil.rules.match;

import java.util.Collection;

/**
 * An immutable list of glob pattern texts that also holds them compiled, so a record can keep its
 * {@code List<String>} component while matching on the hot path without recompiling. Equal to any
 * list of the same texts.
 */
public final class GlobList extends ParsedTexts<Glob> {

  private GlobList(Collection<String> patterns, boolean ignoreCase) {
    super(patterns, ignoreCase ? Glob::compileIgnoringCase : Glob::compile, Glob[]::new);
  }

  /** Case-sensitive patterns; throws IllegalArgumentException for an unusable pattern. */
  public static GlobList of(Collection<String> patterns) {
    return new GlobList(patterns, false);
  }

  /** Patterns that ignore case; throws IllegalArgumentException for an unusable pattern. */
  public static GlobList ignoringCase(Collection<String> patterns) {
    return new GlobList(patterns, true);
  }

  /** True when {@code text} matches any pattern; null never matches. */
  public boolean anyMatches(String text) {
    if (text == null) {
      return false;
    }
    for (Glob glob : parsed) {
      if (glob.matches(text)) {
        return true;
      }
    }
    return false;
  }
}
