package dev.vigil.tools.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the highest offered rate a trial passes: a coarse doubling (or halving, when the first rate
 * already fails) until one rate passes and the next fails, then a bisection of that bracket until
 * it is narrower than {@code precision} of the passing rate. No Kafka: the trial says what a rate
 * does.
 */
final class CapacitySearch {

  /** What one trial at one rate concluded. */
  enum Verdict {
    PASS,
    FAIL,
    /** The trial could not be run fairly (the app did not catch up): stop with what is known. */
    ABANDON
  }

  /** One rate tried, in order. */
  @FunctionalInterface
  interface Trial {
    Verdict at(int rate) throws InterruptedException;
  }

  /**
   * @param capacity the highest rate that passed, 0 when none did
   * @param lowerBound true when the capacity is the maximum rate allowed (it may be higher)
   * @param abandoned true when a trial could not be run and the search stopped early
   * @param tried every rate tried, in order, with its verdict
   */
  record Outcome(int capacity, boolean lowerBound, boolean abandoned, List<Tried> tried) {}

  record Tried(int rate, Verdict verdict) {}

  private final int start;
  private final int min;
  private final int max;
  private final double precision;

  /**
   * @param start the first rate tried
   * @param min the lowest rate tried when halving; below it the capacity is 0
   * @param max the highest rate tried when doubling
   * @param precision the bisection stops when (failing − passing) ≤ precision × passing
   */
  CapacitySearch(int start, int min, int max, double precision) {
    if (min < 1 || start < min || max < start || !(precision > 0)) {
      throw new IllegalArgumentException(
          "need 1 ≤ min ≤ start ≤ max and precision > 0, got min "
              + min
              + ", start "
              + start
              + ", max "
              + max
              + ", precision "
              + precision);
    }
    this.start = start;
    this.min = min;
    this.max = max;
    this.precision = precision;
  }

  Outcome run(Trial trial) throws InterruptedException {
    List<Tried> tried = new ArrayList<>();
    int pass = 0;
    int fail = 0;
    int rate = start;
    while (true) {
      Verdict verdict = trial.at(rate);
      tried.add(new Tried(rate, verdict));
      if (verdict == Verdict.ABANDON) {
        return new Outcome(pass, false, true, List.copyOf(tried));
      }
      if (verdict == Verdict.PASS) {
        pass = rate;
      } else {
        fail = rate;
      }
      if (fail == 0) {
        if (rate >= max) {
          return new Outcome(pass, true, false, List.copyOf(tried));
        }
        rate = (int) Math.min((long) rate * 2, max);
      } else if (pass == 0) {
        if (rate <= min) {
          return new Outcome(0, false, false, List.copyOf(tried));
        }
        rate = Math.max(rate / 2, min);
      } else {
        if (fail - pass <= Math.max(1, precision * pass)) {
          return new Outcome(pass, false, false, List.copyOf(tried));
        }
        rate = pass + (fail - pass) / 2;
      }
    }
  }
}
