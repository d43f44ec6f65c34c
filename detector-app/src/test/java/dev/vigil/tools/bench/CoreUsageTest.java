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
  void eachInstanceOfAnAppGetsItsOwnThreadsAndTheAppGetsAll() {
    String app = "vigil-bench-scale-1";
    String one = app + "-instance-1";
    String two = app + "-instance-2";
    CoreUsage.Snapshot from =
        new CoreUsage.Snapshot(
            0,
            Map.of(1L, one + "-StreamThread-1", 2L, two + "-StreamThread-1"),
            Map.of(1L, 100_000_000L, 2L, 0L),
            Map.of(),
            0,
            0);
    // Over one second: instance 1 used 0.2 s; thread 2 ended and its id went to instance 2's
    // producer thread, which used 0.3 s from its start; a broker thread 0.1 s.
    CoreUsage.Snapshot to =
        new CoreUsage.Snapshot(
            1_000_000_000L,
            Map.of(
                1L,
                one + "-StreamThread-1",
                2L,
                "kafka-producer-network-thread | " + two + "-StreamThread-1-producer",
                3L,
                "data-plane-kafka-request-handler-0"),
            Map.of(1L, 300_000_000L, 2L, 300_000_000L, 3L, 100_000_000L),
            Map.of(),
            600_000_000L,
            1_000_000_000L);

    Map<String, Double> cores =
        CoreUsage.between(from, to, app, Map.of("app_instance_1", one, "app_instance_2", two));

    assertThat(cores.get("app_instance_1")).isEqualTo(0.2);
    assertThat(cores.get("app_instance_2")).isEqualTo(0.3);
    assertThat(cores.get(CoreUsage.APP)).isEqualTo(0.5);
    assertThat(cores.get(CoreUsage.BROKER)).isEqualTo(0.1);
    assertThat(cores.get(CoreUsage.OTHER_PROCESSES)).isEqualTo(0.4);
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
