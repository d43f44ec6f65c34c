package dev.vigil.detector.state;

import java.util.Collection;
import java.util.function.Function;

/**
 * The oldest of a collection's times, kept beside the collection so that a prune run at every event
 * can tell, without a scan, that nothing in it is older than its cutoff. Profiling showed those
 * scans (over up to hundreds of tasks, tokens or terms per event) among the largest costs of
 * judging an event, while they almost never find anything.
 *
 * <p>It may be older than the true oldest, never newer: adding a time lowers it, while removing an
 * entry or moving its time forward leaves it as it was, so a prune sometimes scans for nothing and
 * never skips something due. It is not part of any state and is never encoded: a state starts not
 * knowing it, and learns it at its first scan ({@link #recount}).
 *
 * @param <T> the type of time (an {@code Instant}, or epoch milliseconds as a {@code Long})
 */
public final class OldestTime<T extends Comparable<? super T>> {

  private boolean known;

  /** The oldest time, or null when {@link #known} and the collection holds none. */
  private T oldest;

  /** True when no time in the collection is before {@code cutoff}; false when it may be. */
  public boolean noneBefore(T cutoff) {
    return known && (oldest == null || cutoff.compareTo(oldest) <= 0);
  }

  /** Notes a time added to the collection, or an entry's new time. */
  public void add(T time) {
    if (known && time != null && (oldest == null || time.compareTo(oldest) < 0)) {
      oldest = time;
    }
  }

  /** Learns the oldest time from the whole collection; entries whose time is null are ignored. */
  public <E> void recount(Collection<E> entries, Function<E, T> timeOf) {
    known = true;
    oldest = null;
    for (E entry : entries) {
      add(timeOf.apply(entry));
    }
  }
}
