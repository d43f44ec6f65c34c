package dev.vigil.detector.baseline;

import dev.vigil.detector.state.StateInput;
import dev.vigil.detector.state.StateOutput;
import java.util.Arrays;

/**
 * How many actions a group's members made per active window: a histogram of closed windows' counts
 * in bounded space, whatever the group's size or age. Counts 1 to 16 have a bin each; above, bins
 * grow by a quarter octave (about 19 %), up to 65,536 and beyond in the last bin. A quantile is
 * read as the upper edge of its bin, so it is never below the true quantile and at most a bin's
 * width above it: the rule judging against it errs towards silence.
 *
 * <p>At most {@link #BINS} varints, and only up to the highest non-empty bin: a few dozen bytes for
 * a group whose busiest window held a hundred actions.
 */
final class WindowCounts {

  /** Bins of exactly one count each: 1 to 16. */
  private static final int EXACT = 16;

  /** Quarter-octave bins above 16, up to 16 x 2^12 = 65,536. */
  static final int BINS = EXACT + 48;

  private int[] bins = new int[0];

  /** Notes one closed window of {@code count} actions (at least one). */
  void add(int count) {
    int bin = binOf(Math.max(1, count));
    if (bin >= bins.length) {
      bins = Arrays.copyOf(bins, bin + 1);
    }
    if (bins[bin] < Integer.MAX_VALUE) {
      bins[bin]++;
    }
  }

  /** Windows noted. */
  long windows() {
    long n = 0;
    for (int b : bins) {
      n += b;
    }
    return n;
  }

  boolean isEmpty() {
    return bins.length == 0;
  }

  /**
   * The count at or under which {@code share} of the windows of {@code these} and {@code others}
   * together fell (the upper edge of its bin); 0 when neither holds a window.
   */
  static int quantile(double share, WindowCounts these, WindowCounts others) {
    long total = these.windows() + others.windows();
    if (total == 0) {
      return 0;
    }
    double rank = share * total;
    long seen = 0;
    int last = Math.max(these.bins.length, others.bins.length);
    for (int bin = 0; bin < last; bin++) {
      seen += at(these, bin) + at(others, bin);
      if (seen > 0 && seen >= rank) {
        return upperEdge(bin);
      }
    }
    return upperEdge(last - 1);
  }

  private static int at(WindowCounts counts, int bin) {
    return bin < counts.bins.length ? counts.bins[bin] : 0;
  }

  static int binOf(int count) {
    if (count <= EXACT) {
      return count - 1;
    }
    int bin = EXACT;
    while (bin < BINS - 1 && upperEdge(bin) < count) {
      bin++;
    }
    return bin;
  }

  static int upperEdge(int bin) {
    if (bin < EXACT) {
      return bin + 1;
    }
    int k = bin - (EXACT - 1);
    return (int) Math.floor(EXACT * Math.pow(2, k / 4.0));
  }

  void write(StateOutput out) {
    out.writeVarUnsigned(bins.length);
    for (int b : bins) {
      out.writeVarUnsigned(b);
    }
  }

  static WindowCounts read(StateInput in) {
    int n = in.readCount();
    if (n > BINS) {
      throw new IllegalArgumentException("window counts have " + n + " bins, at most " + BINS);
    }
    WindowCounts counts = new WindowCounts();
    counts.bins = new int[n];
    for (int i = 0; i < n; i++) {
      long b = in.readVarUnsigned();
      if (b > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("window count bin holds " + b);
      }
      counts.bins[i] = (int) b;
    }
    return counts;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WindowCounts other && Arrays.equals(bins, other.bins);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bins);
  }
}
