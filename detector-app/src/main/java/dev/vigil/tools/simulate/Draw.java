package dev.vigil.tools.simulate;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded random draws. Each identity and each campaign owns its own {@code Draw}, split from the
 * run's seed by index, so what one identity does never depends on how many draws another made: the
 * output is reproducible whatever order the generator visits identities in.
 */
final class Draw {

  private final SplittableRandom random;

  Draw(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** A draw for the {@code index}-th member of {@code stream}, independent of every other. */
  static Draw of(long seed, long stream, long index) {
    return new Draw(Fingerprints.mix(Fingerprints.mix(seed ^ Fingerprints.mix(stream)) + index));
  }

  double unit() {
    return random.nextDouble();
  }

  boolean chance(double probability) {
    return random.nextDouble() < probability;
  }

  int between(int minInclusive, int maxInclusive) {
    return minInclusive + random.nextInt(maxInclusive - minInclusive + 1);
  }

  long betweenMillis(long minInclusive, long maxInclusive) {
    if (maxInclusive <= minInclusive) {
      return minInclusive;
    }
    return minInclusive + random.nextLong(maxInclusive - minInclusive + 1);
  }

  /** Log-uniform: short and long values are equally likely per order of magnitude. */
  long logMillis(Duration min, Duration max) {
    double lo = Math.log(min.toMillis());
    double hi = Math.log(max.toMillis());
    return Math.round(Math.exp(lo + (hi - lo) * random.nextDouble()));
  }

  double logUniform(double min, double max) {
    return Math.exp(Math.log(min) + (Math.log(max) - Math.log(min)) * random.nextDouble());
  }

  /** Exponential inter-arrival with the given mean. */
  double exponential(double mean) {
    return -mean * Math.log(1.0 - random.nextDouble());
  }

  /** 1 + a geometric count with the given mean extra, capped: bursts of requests in one session. */
  int burst(double meanExtra, int cap) {
    int n = 1;
    double p = meanExtra / (1.0 + meanExtra);
    while (n < cap && random.nextDouble() < p) {
      n++;
    }
    return n;
  }

  <T> T pick(List<T> items) {
    return items.get(random.nextInt(items.size()));
  }

  int index(int size) {
    return random.nextInt(size);
  }
}
