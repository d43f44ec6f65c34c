package dev.vigil.tools.simulate;

import java.time.Duration;
import java.time.Instant;

/**
 * What to simulate.
 *
 * @param seed every draw derives from it: the same config gives the same events, byte for byte
 * @param start event time of the first moment simulated
 * @param days how many days of event time
 * @param identities size of the estate
 * @param attacksPerDetection attack campaigns per detection, spread over its scenarios; as many
 *     benign look-alikes are added per detection
 * @param warmUp quiet period at the start with no campaigns, so baselines exist before the first
 */
public record SimulationConfig(
    long seed, Instant start, int days, int identities, int attacksPerDetection, Duration warmUp) {

  public static final Instant DEFAULT_START = Instant.parse("2026-11-02T00:00:00Z");

  public SimulationConfig {
    if (start == null) {
      throw new IllegalArgumentException("start is required");
    }
    if (days < 1) {
      throw new IllegalArgumentException("days must be at least 1, got " + days);
    }
    if (identities < 1) {
      throw new IllegalArgumentException("identities must be at least 1, got " + identities);
    }
    if (attacksPerDetection < 0) {
      throw new IllegalArgumentException(
          "attacks per detection must not be negative, got " + attacksPerDetection);
    }
    if (warmUp == null || warmUp.isNegative() || warmUp.compareTo(Duration.ofDays(days)) >= 0) {
      throw new IllegalArgumentException(
          "warm-up must be within the " + days + " simulated days, got " + warmUp);
    }
  }

  /** Defaults for the rest: campaigns after the first half of the run. */
  public static SimulationConfig of(
      long seed, Instant start, int days, int identities, int attacksPerDetection) {
    return new SimulationConfig(
        seed, start, days, identities, attacksPerDetection, Duration.ofDays(days).dividedBy(2));
  }

  public Instant end() {
    return start.plus(Duration.ofDays(days));
  }
}
