package dev.vigil.tools.simulate;

import java.time.Duration;
import java.time.Instant;

/**
 * What to simulate. The estate's identities exist, with settled habits, from before {@code start}
 * (Vigil starts watching at {@code start}; it has seen none of their history), except those that
 * campaigns create later.
 *
 * @param seed every draw derives from it: the same config gives the same events, byte for byte
 * @param start event time of the first moment simulated: when Vigil started watching
 * @param days how many days of event time
 * @param identities size of the estate
 * @param attacksPerDetection attack campaigns per detection, spread over its scenarios; as many
 *     benign look-alikes are added per detection
 * @param warmUp quiet period at the start with no campaigns, so baselines exist before the first
 * @param newIdentityShare share of attack campaigns whose victim is an identity created after
 *     {@code start} (a day to weeks before the attack), in [0, 1]
 * @param outage a period, from the middle of the run, in which Vigil sees no event at all (it was
 *     down, and the events were gone when it came back): the look-alike of every identity waking at
 *     once. {@link Duration#ZERO} for none
 * @param spreadOverDays campaign starts are spread evenly over the day ranges 1, 2-3, 4-7, 8-14 and
 *     15+ since the start (those the run covers after the warm-up) rather than uniformly in time,
 *     so each range has attacks to measure recall with
 */
public record SimulationConfig(
    long seed,
    Instant start,
    int days,
    int identities,
    int attacksPerDetection,
    Duration warmUp,
    double newIdentityShare,
    Duration outage,
    boolean spreadOverDays) {

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
    if (!(newIdentityShare >= 0.0 && newIdentityShare <= 1.0)) {
      throw new IllegalArgumentException(
          "the share of attacks on new identities must be within 0 and 1, got " + newIdentityShare);
    }
    if (outage == null
        || outage.isNegative()
        || (!outage.isZero() && outage.multipliedBy(3).compareTo(Duration.ofDays(days)) > 0)) {
      throw new IllegalArgumentException(
          "an outage must be at most a third of the "
              + days
              + " simulated days, so there is something before and after it; got "
              + outage);
    }
  }

  /** Every identity existed before the start, Vigil sees every event. */
  public SimulationConfig(
      long seed,
      Instant start,
      int days,
      int identities,
      int attacksPerDetection,
      Duration warmUp) {
    this(seed, start, days, identities, attacksPerDetection, warmUp, 0.0, Duration.ZERO, false);
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

  /** When the outage begins: the middle of the run. Meaningless without one. */
  public Instant outageStart() {
    return start.plus(Duration.ofDays(days).dividedBy(2));
  }

  public Instant outageEnd() {
    return outageStart().plus(outage);
  }
}
