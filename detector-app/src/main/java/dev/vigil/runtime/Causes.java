package dev.vigil.runtime;

/**
 * What an exception chain says once unwrapped. Kafka and the serdes wrap the real problem (an
 * unknown schema id, a refused connection) in layers that only say "failed"; operators need the
 * innermost cause.
 */
public final class Causes {

  private Causes() {}

  /** The innermost cause of {@code error} (itself when it has none). */
  public static Throwable root(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }

  /** Whether {@code error} or any of its causes is a {@code type}. */
  public static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}
