package dev.vigil.detector.privilege;

/**
 * One privileged permission's count in the current and the previous bucket of a {@link
 * BurstCounter}, and its learnt rate: a decayed sum of its uses and a decayed count of the buckets
 * it was used in, so its typical count per bucket in which it was used is their ratio. The decay is
 * the counter's own, applied to every permission at once when a bucket is folded in, so a
 * permission keeps no clock of its own.
 *
 * <p>Floats, not doubles: the store holds them as four bytes each, and a value must read back
 * exactly as it was written. A float's 24-bit mantissa keeps a 45-day horizon's decay step (about 8
 * in 100,000 per 5-minute bucket) on a sum of hundreds of thousands.
 */
final class PrivilegeRate {

  int count;
  int previous;
  float sum;
  float weight;

  /** Typical count per bucket in which the permission was used; 0 before any such bucket. */
  double typical() {
    return weight == 0f ? 0.0 : (double) sum / weight;
  }

  /**
   * Uses in the window ending where {@code previousShare} of the previous bucket is still in it.
   */
  double estimate(double previousShare) {
    return count + previous * previousShare;
  }

  void decay(double factor) {
    sum = (float) (sum * factor);
    weight = (float) (weight * factor);
  }

  void fold(int closedCount) {
    if (closedCount > 0) {
      sum += closedCount;
      weight += 1f;
    }
  }

  boolean isIdle() {
    return count == 0 && previous == 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PrivilegeRate other
        && count == other.count
        && previous == other.previous
        && Float.compare(sum, other.sum) == 0
        && Float.compare(weight, other.weight) == 0;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(count, previous, sum, weight);
  }
}
