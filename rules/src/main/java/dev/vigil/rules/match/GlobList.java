package dev.vigil.rules.match;

import java.util.AbstractList;
import java.util.Collection;
import java.util.List;
import java.util.RandomAccess;

/**
 * An immutable list of glob pattern texts that also holds them compiled, so a record can keep its
 * {@code List<String>} component while matching on the hot path without recompiling. Equal to any
 * list of the same texts.
 */
public final class GlobList extends AbstractList<String> implements RandomAccess {

  private final List<String> patterns;
  private final Glob[] globs;

  private GlobList(Collection<String> patterns, boolean ignoreCase) {
    this.patterns = List.copyOf(patterns);
    this.globs = new Glob[this.patterns.size()];
    for (int i = 0; i < globs.length; i++) {
      String p = this.patterns.get(i);
      globs[i] = ignoreCase ? Glob.compileIgnoringCase(p) : Glob.compile(p);
    }
  }

  /** Case-sensitive patterns; throws IllegalArgumentException for an unusable pattern. */
  public static GlobList of(Collection<String> patterns) {
    return new GlobList(patterns == null ? List.of() : patterns, false);
  }

  /** Patterns that ignore case; throws IllegalArgumentException for an unusable pattern. */
  public static GlobList ignoringCase(Collection<String> patterns) {
    return new GlobList(patterns == null ? List.of() : patterns, true);
  }

  /** True when {@code text} matches any pattern; null never matches. */
  public boolean anyMatches(String text) {
    if (text == null) {
      return false;
    }
    for (Glob glob : globs) {
      if (glob.matches(text)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String get(int index) {
    return patterns.get(index);
  }

  @Override
  public int size() {
    return patterns.size();
  }
}
