package dev.vigil.detector.topology;

import com.google.common.hash.BloomFilter;
import com.google.common.hash.Funnels;
import java.util.ArrayList;
import java.util.List;

/**
 * The keys a {@link DetectorStateStore.Slice} may hold in its store: Bloom filters over every key
 * written under the slice's prefix, so that reading a key the store surely does not hold skips the
 * store. Profiling at a live rate put a tenth of the stream thread in store reads, nearly all of
 * them for keys never stored: a token's first event reads the token's state in two detectors, and
 * finds none.
 *
 * <p>It may answer "may hold" for a key the store does not hold (a Bloom filter's false positive,
 * or a key deleted since), which costs one store read; it never answers "does not hold" for a key
 * written, which would lose a state. So every key written must be {@link #add added}, and the
 * filters are rebuilt only from a full scan of the prefix.
 *
 * <p>Bounded and growing: when the newest filter has taken as many keys as it was sized for, a
 * filter twice its size is added, so the false-positive rate stays near {@link #FALSE_POSITIVES}
 * however many keys arrive between two rebuilds.
 */
final class StoredKeys {

  /** The false-positive rate each filter is sized for: one store read in a hundred absent keys. */
  static final double FALSE_POSITIVES = 0.01;

  private static final int SMALLEST = 4_096;

  private final List<BloomFilter<CharSequence>> filters = new ArrayList<>();
  private long newestCapacity;
  private long inNewest;

  /** Empty, with room for about {@code expected} keys before it grows. */
  StoredKeys(long expected) {
    addFilter(Math.max(SMALLEST, expected));
  }

  /** False when the store surely holds no state under {@code key}. */
  boolean mayHold(String key) {
    for (BloomFilter<CharSequence> filter : filters) {
      if (filter.mightContain(key)) {
        return true;
      }
    }
    return false;
  }

  /** Notes that a state is written under {@code key}. */
  void add(String key) {
    if (inNewest >= newestCapacity) {
      addFilter(newestCapacity * 2);
    }
    if (filters.get(filters.size() - 1).put(key)) {
      inNewest++;
    }
  }

  private void addFilter(long capacity) {
    filters.add(BloomFilter.create(Funnels.unencodedCharsFunnel(), capacity, FALSE_POSITIVES));
    newestCapacity = capacity;
    inNewest = 0;
  }
}
