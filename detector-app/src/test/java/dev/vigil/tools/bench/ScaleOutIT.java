package dev.vigil.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.runtime.broker.EmbeddedKafka;
import dev.vigil.runtime.config.VigilConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scale-out measurement at a tiny scale on a real broker: the tasks split between the two
 * instances, a second instance joins and leaves under load with no probe lost or answered twice,
 * each instance's threads are told apart, and every JSON field is there. Nothing about speed.
 */
class ScaleOutIT {

  @TempDir Path stateDir;

  @Test
  void twoInstancesSplitTheTasksAndARebalanceLosesNoProbe() throws Exception {
    StringWriter log = new StringWriter();
    ScaleOut.Result result;
    LiveCapacity.Settings settings =
        new LiveCapacity.Settings(
            Duration.ofSeconds(5), // objective
            Duration.ofSeconds(1), // step
            200, // warm-up events
            Duration.ZERO, // live warm-up
            1,
            200, // start rate
            200, // max rate: one step per search
            0.15,
            10, // probes per second
            40, // identities
            7);
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      Function<Map<String, String>, VigilConfig> configs =
          overrides -> config(kafka.bootstrapServers(), overrides);
      LiveCapacity live =
          new LiveCapacity(
              settings, kafka.bootstrapServers(), configs, stateDir, new PrintWriter(log));
      result = new ScaleOut(live, 4, kafka.bootstrapServers(), configs).measure();
    }

    // One instance held every task; two split them, each with some.
    int tasks = result.rebalance().tasks();
    assertThat(tasks).as(log.toString()).isGreaterThanOrEqualTo(4);
    assertThat(result.one().tasksAtStart())
        .extracting(DetectorInstance.Tasks::active)
        .containsExactly(tasks);
    assertThat(result.two().tasksAtStart()).hasSize(2).allMatch(t -> t.active() > 0);
    assertThat(result.two().tasksAtStart().stream().mapToInt(DetectorInstance.Tasks::active).sum())
        .isEqualTo(tasks);
    assertThat(result.one().steps()).isNotEmpty();
    assertThat(result.two().steps()).isNotEmpty();

    // The joining instance took tasks, the first got them all back after it left, and exactly-once
    // held throughout: every probe answered, none twice.
    RebalanceStep.Result rebalance = result.rebalance();
    assertThat(rebalance.secondActiveAfterSeconds()).as(log.toString()).isNotNegative();
    assertThat(rebalance.joinSettledAfterSeconds()).isNotNegative();
    assertThat(rebalance.leaveSettledAfterSeconds()).isNotNegative();
    assertThat(rebalance.assignments()).anyMatch(a -> a.second().active() > 0);
    assertThat(rebalance.step().probes()).isPositive();
    assertThat(rebalance.lost()).isZero();
    assertThat(rebalance.step().duplicates()).isZero();
    assertThat(rebalance.joinAtSeconds()).isLessThan(rebalance.leaveAtSeconds());

    // Each instance's threads are its own: the second used nothing before it joined.
    Map<String, Double> before = rebalance.phases().get("one_instance");
    assertThat(before.get("app_instance_1")).isPositive();
    assertThat(before.get("app_instance_2")).isZero();
    assertThat(rebalance.phases().get("after_join").get("app_instance_2")).isPositive();

    ObjectNode root = new ObjectMapper().createObjectNode();
    ScaleOutReport report = new ScaleOutReport(result, settings);
    report.headline(root);
    report.detail(root.putObject("scale_out"));
    JsonNode json = new ObjectMapper().readTree(root.toString());
    for (String field :
        List.of(
            "scale_out_partitions",
            "scale_out_one_instance_capacity_eps",
            "scale_out_two_instances_capacity_eps",
            "scale_out_capacity_ratio",
            "rebalance_rate_eps",
            "rebalance_join_max_p99_ms",
            "rebalance_join_recovery_seconds",
            "rebalance_leave_max_p99_ms",
            "rebalance_leave_recovery_seconds",
            "rebalance_probes",
            "rebalance_probes_lost",
            "rebalance_duplicate_answers")) {
      assertThat(json.get(field)).as(field).isNotNull();
    }
    assertThat(json.get("scale_out_partitions").asInt()).isEqualTo(4);
    assertThat(json.at("/scale_out/two_instances/tasks_at_start").size()).isEqualTo(2);
    assertThat(json.at("/scale_out/rebalance/timeline").size()).isPositive();
    assertThat(json.at("/scale_out/rebalance/cores_by_phase/after_join/broker").isNumber())
        .isTrue();
    assertThat(report.text()).contains("join: p99 max").contains("0 lost, 0 duplicated");
  }

  private VigilConfig config(String bootstrap, Map<String, String> overrides) {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("bootstrap.servers", bootstrap);
    keys.put("state.dir", stateDir.toString());
    keys.put("vigil.http.port", "0");
    keys.put("vigil.schema.registry.url", "mock://vigil-scale-out-it");
    keys.putAll(overrides);
    return VigilConfig.builder().environment(Map.of()).commandLine(keys).build();
  }
}
