package dev.vigil.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.tools.bench.LiveSession.ProbeTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyTimelineTest {

  private static final long SECOND = 1_000_000_000L;
  private static final long MS = 1_000_000L;
  private static final Duration OBJECTIVE = Duration.ofMillis(500);

  /** Ten probes a second for {@code seconds}, each answered after {@code latency(second)} ms. */
  private static List<ProbeTime> probes(int seconds, java.util.function.IntUnaryOperator latency) {
    List<ProbeTime> probes = new ArrayList<>();
    for (int s = 0; s < seconds; s++) {
      for (int i = 0; i < 10; i++) {
        probes.add(new ProbeTime(s * SECOND + i * 100 * MS, latency.applyAsInt(s) * MS, true));
      }
    }
    return probes;
  }

  @Test
  void aSpikeLastsUntilTheEndOfItsLastSlowBucket() {
    // Fast, then slow for seconds 12-14 after an event at 10 s, then fast again.
    List<ProbeTime> probes = probes(30, s -> s >= 12 && s < 15 ? 2_000 : 100);

    LatencyTimeline.Spike spike =
        LatencyTimeline.spike(probes, 10 * SECOND, 30 * SECOND, Duration.ofSeconds(1), OBJECTIVE);

    assertThat(spike.maxP99Ms()).isEqualTo(2_000);
    assertThat(spike.recoverySeconds()).isEqualTo(5.0);
    assertThat(spike.recovered()).isTrue();
    assertThat(spike.secondsOver()).isEqualTo(3.0);
    assertThat(spike.probes()).isEqualTo(200);
    assertThat(spike.lost()).isZero();
  }

  @Test
  void noSlowBucketMeansNoRecoveryTime() {
    LatencyTimeline.Spike spike =
        LatencyTimeline.spike(
            probes(20, s -> 100), 5 * SECOND, 20 * SECOND, Duration.ofSeconds(1), OBJECTIVE);

    assertThat(spike.recoverySeconds()).isZero();
    assertThat(spike.recovered()).isTrue();
    assertThat(spike.secondsOver()).isZero();
    assertThat(spike.maxP99Ms()).isEqualTo(100);
  }

  @Test
  void stillSlowAtTheEndIsNotRecoveredAndCountsTheWholeWindow() {
    LatencyTimeline.Spike spike =
        LatencyTimeline.spike(
            probes(20, s -> s >= 8 ? 900 : 100),
            5 * SECOND,
            20 * SECOND,
            Duration.ofSeconds(1),
            OBJECTIVE);

    assertThat(spike.recovered()).isFalse();
    assertThat(spike.recoverySeconds()).isEqualTo(15.0);
    assertThat(spike.secondsOver()).isEqualTo(12.0);
  }

  @Test
  void bucketsCountLostProbesAndTakeNearestRankPercentiles() {
    List<ProbeTime> probes = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      probes.add(new ProbeTime(i * MS, i * MS, i != 100));
    }
    List<LatencyTimeline.Bucket> buckets =
        LatencyTimeline.buckets(probes, 0, 0, 2 * SECOND, Duration.ofSeconds(1));

    assertThat(buckets).hasSize(2);
    assertThat(buckets.get(0).probes()).isEqualTo(100);
    assertThat(buckets.get(0).lost()).isEqualTo(1);
    assertThat(buckets.get(0).p50Ms()).isEqualTo(50);
    assertThat(buckets.get(0).p99Ms()).isEqualTo(99);
    assertThat(buckets.get(0).maxMs()).isEqualTo(100);
    assertThat(buckets.get(1).probes()).isZero();
    assertThat(buckets.get(1).startSeconds()).isEqualTo(1.0);
  }
}
