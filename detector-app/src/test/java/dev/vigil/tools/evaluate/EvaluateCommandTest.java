package dev.vigil.tools.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.cli.VigilCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EvaluateCommandTest {

  @TempDir Path dir;

  @Test
  void evaluatesATinySeededEstateAndTheCountsAddUp() throws Exception {
    Path report = dir.resolve("report.json");
    StringWriter out = new StringWriter();

    int exit =
        run(
            out,
            new StringWriter(),
            "evaluate",
            "--seed",
            "3",
            "--days",
            "1",
            "--identities",
            "25",
            "--attacks-per-detection",
            "1",
            "--out",
            report.toString());

    assertThat(exit).isZero();
    assertThat(out.toString())
        .contains("| detection |")
        .contains("TOKEN_REPLAY")
        .contains("### Scenarios");
    JsonNode json = new ObjectMapper().readTree(report.toFile());
    assertThat(json.get("events").asLong()).isPositive();
    assertThat(json.get("detections")).hasSize(dev.vigil.events.Detection.values().length);
    int alerts = 0;
    int attackCampaigns = 0;
    for (JsonNode d : json.get("detections")) {
      alerts += d.get("alerts").asInt();
      attackCampaigns += d.get("campaigns").asInt();
      assertThat(
              d.get("true_positives").asInt()
                  + d.get("true_positives_other_attack").asInt()
                  + d.get("false_positives").asInt())
          .isEqualTo(d.get("alerts").asInt());
      assertThat(
              d.get("false_positives_look_alike").asInt()
                  + d.get("false_positives_other_attack").asInt()
                  + d.get("false_positives_background").asInt())
          .isEqualTo(d.get("false_positives").asInt());
      assertThat(d.get("detected").asInt()).isBetween(0, d.get("campaigns").asInt());
    }
    assertThat(alerts).isEqualTo(json.get("alerts").asInt());
    int scenarioCampaigns = 0;
    int scenarioAttacks = 0;
    for (JsonNode s : json.get("scenarios")) {
      scenarioCampaigns += s.get("campaigns").asInt();
      scenarioAttacks += s.get("malicious").asBoolean() ? s.get("campaigns").asInt() : 0;
      assertThat(s.get("flagged").asInt()).isBetween(0, s.get("campaigns").asInt());
    }
    assertThat(scenarioCampaigns).isEqualTo(json.get("campaigns").asInt()).isPositive();
    assertThat(scenarioAttacks).isEqualTo(attackCampaigns).isPositive();
  }

  @Test
  void eventsWithoutLabelsAreRefused() {
    StringWriter err = new StringWriter();

    int exit =
        run(new StringWriter(), err, "evaluate", "--events", dir.resolve("e.jsonl").toString());

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--events needs --labels");
  }

  @Test
  void aBadLabelLineIsNamedByFileAndLine() throws Exception {
    Path events = dir.resolve("e.jsonl");
    Path labels = dir.resolve("l.jsonl");
    Files.writeString(events, "");
    Files.writeString(labels, "\n{\"campaign_id\": 1}\n");
    StringWriter err = new StringWriter();

    int exit =
        run(
            new StringWriter(),
            err,
            "evaluate",
            "--events",
            events.toString(),
            "--labels",
            labels.toString());

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains(labels + ":2: not a campaign label line");
  }

  private static int run(StringWriter out, StringWriter err, String... args) {
    CommandLine cli = VigilCli.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    cli.getOut().flush();
    cli.getErr().flush();
    return exit;
  }
}
