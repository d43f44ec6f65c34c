package dev.vigil.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CoreUsageTest {

  @Test
  void threadsAreGroupedByWhatTheyServe() {
    String app = "vigil-bench-live-detector-1";
    assertThat(CoreUsage.javaGroup(app + "-0f1e-StreamThread-1", app)).isEqualTo(CoreUsage.APP);
    assertThat(
            CoreUsage.javaGroup(
                "kafka-producer-network-thread | " + app + "-0f1e-StreamThread-1-producer", app))
        .isEqualTo(CoreUsage.APP);
    assertThat(CoreUsage.javaGroup("data-plane-kafka-request-handler-0", app))
        .isEqualTo(CoreUsage.BROKER);
    assertThat(
            CoreUsage.javaGroup(
                "kafka-producer-network-thread | vigil-bench-harness-load-" + app, app))
        .isEqualTo(CoreUsage.HARNESS);
    assertThat(CoreUsage.javaGroup("main", app)).isEqualTo(CoreUsage.HARNESS);
    assertThat(CoreUsage.javaGroup("Reference Handler", app)).isEqualTo(CoreUsage.OTHER);
  }

  @Test
  void aBusyThreadShowsUpInItsGroupAndTheProcess() {
    CoreUsage.Snapshot before = CoreUsage.take();
    long until = System.nanoTime() + 200_000_000L;
    long spin = 0;
    while (System.nanoTime() < until) {
      spin++;
    }
    Map<String, Double> cores = CoreUsage.between(before, CoreUsage.take(), "none");
    assertThat(spin).isPositive();
    assertThat(cores.keySet()).containsAll(CoreUsage.GROUPS);
    assertThat(cores.get(CoreUsage.PROCESS)).isPositive();
    // This test's thread is named "main" under Surefire, or else something the broker group takes.
    assertThat(cores.get(CoreUsage.HARNESS) + cores.get(CoreUsage.BROKER)).isPositive();
  }
}
