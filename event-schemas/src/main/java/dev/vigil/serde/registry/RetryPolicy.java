package dev.vigil.serde.registry;

import java.time.Duration;

/**
 * How often and how patiently to retry a request that found no healthy registry (Confluent's {@code
 * max.retries}, {@code retries.wait.ms}, {@code retries.max.wait.ms}). The wait doubles after every
 * round, capped at {@code maxWait}.
 */
public record RetryPolicy(int maxRetries, Duration initialWait, Duration maxWait) {

  public static final RetryPolicy DEFAULT =
      new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(20));

  public RetryPolicy {
    if (maxRetries < 0) {
      throw new IllegalArgumentException("max.retries must be >= 0, got " + maxRetries);
    }
    if (initialWait.isNegative() || maxWait.isNegative()) {
      throw new IllegalArgumentException(
          "retry waits must be >= 0, got " + initialWait + " and " + maxWait);
    }
  }

  /** The wait before retry number {@code retry} (1-based). */
  public Duration waitBefore(int retry) {
    long millis = initialWait.toMillis();
    for (int i = 1; i < retry && millis < maxWait.toMillis(); i++) {
      millis *= 2;
    }
    return Duration.ofMillis(Math.min(millis, maxWait.toMillis()));
  }
}
