package dev.vigil.detector.privilege;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link IdentityBaseline#prune} skips its scans while it knows nothing is past the horizon: a
 * baseline held across events must keep exactly what one re-read before every prune (which starts
 * not knowing, so scans) keeps.
 */
class IdentityBaselinePruneTest {

  private static final long HOUR = Duration.ofHours(1).toMillis();

  private final IdentityBaselineCodec codec = new IdentityBaselineCodec();

  @Test
  void skippingScansKeepsWhatScanningEveryTimeKeeps() {
    int dropped = 0;
    for (int seed = 1; seed <= 5; seed++) {
      Random random = new Random(seed);
      IdentityBaseline held = new IdentityBaseline(BaselineLimits.DEFAULT_BURST_WINDOW.toMillis());
      IdentityBaseline reread =
          new IdentityBaseline(BaselineLimits.DEFAULT_BURST_WINDOW.toMillis());
      long now = 0;
      for (int i = 0; i < 2_000; i++) {
        now += random.nextInt((int) (HOUR / 4));
        long time = now - random.nextInt((int) HOUR); // late events too
        String name = "p" + random.nextInt(60);
        boolean privilege = random.nextBoolean();
        for (IdentityBaseline state : new IdentityBaseline[] {held, reread}) {
          state.touch(time, "e" + i, Duration.ofDays(7).toMillis());
          if (privilege) {
            state.learnPrivilege(name, time, 32);
          } else {
            state.learnGrant(name, time, 32);
          }
        }
        int before = held.privileges.size() + held.granted.size();
        long horizon = (2 + random.nextInt(10)) * HOUR; // as if the pack changed
        held.prune(now, horizon, 30 * HOUR);
        reread = codec.decode(codec.encode(reread));
        reread.prune(now, horizon, 30 * HOUR);
        dropped += before - held.privileges.size() - held.granted.size();

        assertThat(held).as("seed %d event %d", seed, i).isEqualTo(reread);
      }
    }
    assertThat(dropped).as("entries pruned past the horizon").isGreaterThan(1_000);
  }
}
