package dev.vigil.tools.soak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What a soak does and when, decided up front from its seed: how long to wait before each kill,
 * which instance each kill hits, and after which kill the broker is restarted. The same seed gives
 * the same plan, so a failing run can be repeated.
 *
 * @param kills SIGKILLs of a detector instance, each followed by its restart
 * @param instances detector instances of one deployment (1, or 2: the survivor takes over)
 * @param brokerRestart restart the broker once, between two kills (or after the only one)
 * @param partitions partitions of every topic
 * @param identities benign identities in the estate
 * @param rate benign events per second
 * @param attackEvery time between the starts of two attacks
 * @param faultEvery time between two injected faults
 * @param minGap shortest wait from a recovery to the next kill
 * @param maxGap longest wait from a recovery to the next kill
 * @param recoveryTimeout how long a recovery may take before the soak counts it as failed
 * @param tail traffic after the last kill's recovery, before the soak stops writing
 */
record SoakPlan(
    int kills,
    int instances,
    boolean brokerRestart,
    long seed,
    int partitions,
    int identities,
    int rate,
    Duration attackEvery,
    Duration faultEvery,
    Duration minGap,
    Duration maxGap,
    Duration recoveryTimeout,
    Duration tail) {

  SoakPlan {
    require(kills >= 0, "--kills must be 0 or more");
    require(instances == 1 || instances == 2, "--instances must be 1 or 2");
    require(partitions >= 1, "--partitions must be at least 1");
    require(identities >= 1, "--identities must be at least 1");
    require(rate >= 1, "--rate must be at least 1 event/s");
    require(positive(attackEvery), "--attack-every must be positive");
    require(positive(faultEvery), "--fault-every must be positive");
    require(!minGap.isNegative(), "--min-gap must not be negative");
    require(maxGap.compareTo(minGap) >= 0, "--max-gap must be at least --min-gap");
    require(positive(recoveryTimeout), "--recovery-timeout must be positive");
    require(!tail.isNegative(), "--tail must not be negative");
  }

  /**
   * One kill: wait {@code gap} after the previous recovery, then SIGKILL instance {@code victim}.
   */
  record Kill(Duration gap, int victim) {}

  /** The kills in order, drawn from the seed. */
  List<Kill> schedule() {
    Random random = new Random(seed);
    List<Kill> out = new ArrayList<>();
    long span = maxGap.toMillis() - minGap.toMillis();
    for (int i = 0; i < kills; i++) {
      long gap = minGap.toMillis() + (span == 0 ? 0 : (long) (random.nextDouble() * span));
      out.add(new Kill(Duration.ofMillis(gap), random.nextInt(instances)));
    }
    return out;
  }

  /**
   * The number of kills done before the broker restart (the restart comes after that kill's
   * recovery), or -1 without one: half-way, so there are kills on both sides of it.
   */
  int brokerRestartAfterKill() {
    return brokerRestart ? Math.min(kills, Math.max(1, kills / 2)) : -1;
  }

  private static boolean positive(Duration d) {
    return !d.isNegative() && !d.isZero();
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
