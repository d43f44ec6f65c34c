package dev.vigil.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.cli.VigilCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Runs the whole bench at a tiny scale: every figure present and sane, none asserted for speed. */
class BenchCommandIT {

  @TempDir Path dir;

  @Test
  void aTinyRunWritesEveryFigure() throws Exception {
    Path out = dir.resolve("bench.json");
    StringWriter err = new StringWriter();
    CommandLine cli = VigilCli.commandLine();
    cli.setOut(new PrintWriter(new StringWriter()));
    cli.setErr(new PrintWriter(err));

    int exit = cli.execute("bench", "--quick", "--out", out.toString());

    assertThat(exit).as(err.toString()).isZero();
    JsonNode json = new ObjectMapper().readTree(out.toFile());
    for (String field :
        List.of(
            "passthrough_events_per_sec",
            "detector_events_per_sec",
            "ratio",
            "latency_p50_ms",
            "latency_p99_ms",
            "state_bytes_per_identity",
            "topology_only_events_per_sec",
            "detector_logic_events_per_sec",
            "live_capacity_passthrough_eps",
            "live_capacity_detector_eps",
            "live_capacity_ratio",
            "latency_p99_ms_at_half_capacity",
            "passthrough_latency_p99_ms_at_half_capacity")) {
      assertThat(json.get(field)).as(field).isNotNull();
      assertThat(json.get(field).asDouble()).as(field).isPositive();
    }
    assertThat(json.get("ratio").asDouble())
        .isCloseTo(
            json.get("detector_events_per_sec").asDouble()
                / json.get("passthrough_events_per_sec").asDouble(),
            org.assertj.core.api.Assertions.within(0.01));
    assertThat(json.get("latency_p99_ms").asDouble())
        .isGreaterThanOrEqualTo(json.get("latency_p50_ms").asDouble());
    assertThat(json.at("/latency/probes").asInt()).isPositive();
    assertThat(json.at("/throughput/events").asLong()).isEqualTo(2000);
    assertThat(json.at("/state/identities").asInt()).isPositive();
    assertThat(json.at("/machine/available_processors").asInt()).isPositive();

    // The live capacity search ran end to end for both apps, and its figures agree.
    assertThat(json.get("live_capacity_ratio").asDouble())
        .isCloseTo(
            json.get("live_capacity_detector_eps").asDouble()
                / json.get("live_capacity_passthrough_eps").asDouble(),
            org.assertj.core.api.Assertions.within(0.001));
    assertThat(json.at("/latency_p50_ms_at_half_capacity").isNumber()).isTrue();
    assertThat(json.at("/passthrough_latency_p50_ms_at_half_capacity").isNumber()).isTrue();
    for (String app : List.of("passthrough", "detector")) {
      JsonNode summary = json.at("/live_capacity/" + app);
      assertThat(summary.at("/runs/0/steps").size()).as(app).isPositive();
      assertThat(summary.at("/runs/0/half_capacity/probes").asInt()).as(app).isPositive();
      assertThat(summary.at("/runs/0/half_capacity/offered_eps").asInt())
          .as(app)
          .isEqualTo(json.at("/live_capacity/half_capacity_eps").asInt());
      assertThat(summary.at("/cores_at_half_capacity/process").asDouble()).as(app).isPositive();
      assertThat(summary.at("/cores_at_half_capacity/app").asDouble()).as(app).isPositive();
    }
    assertThat(json.get("targets").size()).isEqualTo(4);
    assertThat(err.toString()).contains("target live_capacity_ratio");
  }

  @Test
  void nonPositiveScalesAreRefused() {
    StringWriter err = new StringWriter();
    CommandLine cli = VigilCli.commandLine();
    cli.setErr(new PrintWriter(err));

    int exit = cli.execute("bench", "--out", dir.resolve("x.json").toString(), "--events", "0");
    cli.getErr().flush();

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("must all be at least 1");
  }

  @Test
  void scaleOutNeedsTwoPartitionsPerInstance() {
    StringWriter err = new StringWriter();
    CommandLine cli = VigilCli.commandLine();
    cli.setErr(new PrintWriter(err));

    int exit =
        cli.execute(
            "bench",
            "--out",
            dir.resolve("x.json").toString(),
            "--scale-out",
            "--scale-out-partitions",
            "3");
    cli.getErr().flush();

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--scale-out-partitions must be at least 4");
  }
}
