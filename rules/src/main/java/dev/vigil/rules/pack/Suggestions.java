package dev.vigil.rules.pack;

import java.util.Collection;
import java.util.Locale;

/**
 * "Did you mean …?" for misspelt keys and names, by edit distance: the one edit distance of Vigil,
 * used for rule packs and for configuration keys alike.
 */
public final class Suggestions {

  private Suggestions() {}

  /** " (did you mean 'window'?)" for the closest candidate near enough, else "". */
  public static String didYouMean(String given, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String g = given.toLowerCase(Locale.ROOT);
    for (String candidate : candidates) {
      int d = distance(g, candidate.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    // Allow about one edit per four characters, at least two, but never a rewrite of the whole
    // word.
    int allowed = Math.max(2, given.length() / 4);
    if (best == null || bestDistance > allowed || bestDistance >= given.length()) {
      return "";
    }
    return " (did you mean '" + best + "'?)";
  }

  /** Levenshtein distance with adjacent transpositions counted as one edit. */
  public static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
