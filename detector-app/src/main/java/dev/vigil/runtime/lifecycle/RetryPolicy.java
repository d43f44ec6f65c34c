package dev.vigil.runtime.lifecycle;

import java.time.Duration;

/**
 * How many times a failing operation is attempted, and how long to wait between attempts: the wait
 * doubles after each failure, starting at {@code initialBackoff}, capped at {@code maxBackoff}. The
 * one backoff of Vigil: revocation deliveries and stream-thread replacements both wait by it.
 *
 * <p>For revocations, the whole budget (attempts x sink timeout + the waits) must stay well under
 * the consumer's {@code max.poll.interval.ms} (5 minutes by default), or the group evicts the
 * consumer while it is still retrying. The defaults (6 attempts, 500 ms doubling to 30 s) wait 15.5
 * s in total.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

  /** A policy that never gives up, for what must keep trying (a replaced stream thread). */
  public static RetryPolicy forever(Duration initialBackoff, Duration maxBackoff) {
    return new RetryPolicy(Integer.MAX_VALUE, initialBackoff, maxBackoff);
  }

  public static final RetryPolicy DEFAULT =
      new RetryPolicy(6, Duration.ofMillis(500), Duration.ofSeconds(30));

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
    if (initialBackoff == null || initialBackoff.isNegative()) {
      throw new IllegalArgumentException(
          "initialBackoff must be zero or positive, was " + initialBackoff);
    }
    if (maxBackoff == null || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "maxBackoff must be at least initialBackoff (" + initialBackoff + "), was " + maxBackoff);
    }
  }

  /** All the waiting a run of failures spends: the waits between the attempts, summed. */
  public Duration totalWaits() {
    Duration total = Duration.ZERO;
    for (int attempt = 1; attempt < maxAttempts; attempt++) {
      total = total.plus(backoffAfter(attempt));
    }
    return total;
  }

  /** The wait after the {@code failedAttempt}-th attempt failed (1-based). */
  public Duration backoffAfter(int failedAttempt) {
    if (failedAttempt < 1) {
      throw new IllegalArgumentException("failedAttempt is 1-based, was " + failedAttempt);
    }
    Duration wait = initialBackoff;
    for (int i = 1; i < failedAttempt; i++) {
      wait = wait.multipliedBy(2);
      if (wait.compareTo(maxBackoff) >= 0) {
        return maxBackoff;
      }
    }
    return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
  }
}
