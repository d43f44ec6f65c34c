package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.cli.VigilCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil soak} at CI scale, the real command: detector instances as child JVMs SIGKILLed
 * twice and started again, a second instance taking over, the broker restarted once, poison and
 * skewed records among the traffic; then the audit. Nothing lost, nothing doubled, every fault
 * accounted for.
 */
class SoakIT {

  @TempDir Path dir;

  @Test
  void twoKillsAndABrokerRestartLoseNothingAndDoubleNothing() throws Exception {
    Path out = dir.resolve("soak.json");
    StringWriter err = new StringWriter();
    var cli = VigilCli.commandLine();
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(new StringWriter(), true));

    int code =
        cli.execute(
            "soak",
            "--kills",
            "2",
            "--instances",
            "2",
            "--min-gap",
            "2s",
            "--max-gap",
            "4s",
            "--tail",
            "3s",
            "--partitions",
            "2",
            "--identities",
            "20",
            "--rate",
            "20",
            "--attack-every",
            "3s",
            "--fault-every",
            "1s",
            "--child-heap",
            "256m",
            "--work-dir",
            dir.resolve("work").toString(),
            "--out",
            out.toString());

    JsonNode s = new ObjectMapper().readTree(out.toFile());
    assertThat(code).as("exit code; summary %s; log %s", s, err).isZero();
    assertThat(s.get("passed").asBoolean()).isTrue();
    assertThat(s.get("kills").asInt()).isEqualTo(2);
    assertThat(s.get("kill_exit_codes")).allSatisfy(c -> assertThat(c.asInt()).isEqualTo(137));
    assertThat(s.get("restarts").asInt()).isEqualTo(2);
    assertThat(s.get("unexpected_exits").asInt()).isZero();
    assertThat(s.get("broker_restarts").asInt()).isEqualTo(1);
    assertThat(s.at("/recovery/after_each_kill_ms"))
        .hasSize(2)
        .allSatisfy(ms -> assertThat(ms.isNumber()).isTrue());
    assertThat(s.at("/recovery/after_broker_restart_ms").isNumber()).isTrue();

    assertThat(s.at("/duplicates/alert_ids").asInt()).isZero();
    assertThat(s.at("/duplicates/command_ids").asInt()).isZero();
    assertThat(s.at("/missing/alerts").asInt()).isZero();
    assertThat(s.at("/missing/commands").asInt()).isZero();
    assertThat(s.get("alerts").asInt())
        .isPositive()
        .isEqualTo(s.get("expected_alerts").asInt())
        .isEqualTo(s.get("attacks").asInt());
    assertThat(s.get("commands").asInt()).isPositive();

    // Every poison record and every event dated days off is dead-lettered, and nothing else is.
    int deadLettered = 0;
    for (String group : new String[] {"poison_records", "skewed_records"}) {
      Iterator<Map.Entry<String, JsonNode>> kinds = s.get(group).fields();
      while (kinds.hasNext()) {
        Map.Entry<String, JsonNode> kind = kinds.next();
        assertThat(kind.getValue().asInt()).as("%s injected", kind.getKey()).isPositive();
        if (!kind.getKey().equals("hours_ahead")) {
          deadLettered += kind.getValue().asInt();
          assertThat(s.at("/dead_letters/by_fault/" + kind.getKey()).asInt())
              .as("%s dead-lettered", kind.getKey())
              .isEqualTo(kind.getValue().asInt());
        }
      }
    }
    assertThat(s.at("/dead_letters/total").asInt()).isEqualTo(deadLettered);
    assertThat(s.at("/dead_letters/by_fault/hours_ahead").isMissingNode()).isTrue();
  }
}
