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

    int exit =
        cli.execute(
            "bench",
            "--out",
            out.toString(),
            "--events",
            "2000",
            "--identities",
            "40",
            "--rate",
            "500",
            "--duration",
            "2",
            "--probes-per-second",
            "5",
            "--state-identities",
            "30",
            "--topology-events",
            "300");

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
            "detector_logic_events_per_sec")) {
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
}
