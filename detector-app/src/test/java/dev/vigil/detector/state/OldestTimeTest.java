package dev.vigil.detector.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OldestTimeTest {

  @Test
  void knowsNothingUntilItHasCounted() {
    OldestTime<Long> oldest = new OldestTime<>();
    oldest.add(5L);

    assertThat(oldest.noneBefore(Long.MIN_VALUE)).isFalse();

    oldest.recount(List.of(7L, 5L, 9L), t -> t);
    assertThat(oldest.noneBefore(5L)).isTrue();
    assertThat(oldest.noneBefore(6L)).isFalse();
  }

  @Test
  void anEmptyCollectionHasNothingBeforeAnyCutoffAndNullTimesAreIgnored() {
    OldestTime<Long> oldest = new OldestTime<>();
    List<Long> times = new ArrayList<>();
    times.add(null);
    oldest.recount(times, t -> t);

    assertThat(oldest.noneBefore(Long.MAX_VALUE)).isTrue();

    oldest.add(null);
    oldest.add(40L);
    assertThat(oldest.noneBefore(40L)).isTrue();
    assertThat(oldest.noneBefore(41L)).isFalse();
  }

  /**
   * Times added, moved forward and removed at random: whenever it says nothing is before a cutoff,
   * nothing is; and right after a recount it says so for every cutoff up to the true oldest.
   */
  @Test
  void neverClaimsNothingIsBeforeACutoffWhenSomethingIs() {
    Random random = new Random(11);
    int skipped = 0;
    for (int run = 0; run < 200; run++) {
      List<Long> times = new ArrayList<>();
      OldestTime<Long> oldest = new OldestTime<>();
      for (int step = 0; step < 100; step++) {
        long cutoff = random.nextInt(1_000);
        switch (random.nextInt(5)) {
          case 0 -> {
            long time = random.nextInt(1_000);
            times.add(time);
            oldest.add(time);
          }
          case 1 -> {
            if (!times.isEmpty()) {
              times.remove(random.nextInt(times.size()));
            }
          }
          case 2 -> {
            if (!times.isEmpty()) {
              int i = random.nextInt(times.size());
              times.set(i, times.get(i) + random.nextInt(100));
            }
          }
          case 3 -> {
            oldest.recount(times, t -> t);
            long trueOldest =
                times.stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE);
            assertThat(oldest.noneBefore(trueOldest)).isTrue();
          }
          default -> {}
        }
        boolean anyBefore = times.stream().anyMatch(t -> t < cutoff);
        if (oldest.noneBefore(cutoff)) {
          skipped++;
          assertThat(anyBefore)
              .as("run %d step %d cutoff %d: %s", run, step, cutoff, times)
              .isFalse();
        }
      }
    }
    assertThat(skipped).as("cases where a scan could be skipped").isGreaterThan(1_000);
  }
}
