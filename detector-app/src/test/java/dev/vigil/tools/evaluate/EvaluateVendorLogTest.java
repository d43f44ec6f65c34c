package dev.vigil.tools.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.cli.VigilCli;
import dev.vigil.rules.pack.RulePacks;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code vigil evaluate --source cloudtrail} on the real Stratus Red Team instance-credential theft
 * capture: without labels it counts alerts per rule and identity; with the technique's labels it
 * scores recall and precision as on the simulator.
 */
class EvaluateVendorLogTest {

  static final Path THEFT =
      Path.of(
          "../adapters/src/test/resources/realdata/cloudtrail/stratus-red-team/"
              + "aws.credential-access.ec2-steal-instance-credentials.json");
  static final Path LABELS =
      Path.of("src/test/resources/stratus/ec2-steal-instance-credentials.labels.jsonl");
  static final String ROLE =
      "arn:aws:iam::017622104382:role/stratus-red-team-ec2-steal-credentials-role";

  @TempDir Path dir;
  Path declared;

  @BeforeEach
  void declaredEgressPack() throws Exception {
    // An estate whose instances reach AWS only through VPC endpoints: any public network is off.
    declared = dir.resolve("declared.yaml");
    Files.writeString(
        declared,
        RulePacks.defaultPackText()
            .replace("learn_first_network: true", "learn_first_network: false"));
  }

  @Test
  void unlabelledItCountsAlertsPerRuleAndIdentity() throws Exception {
    Path report = dir.resolve("tally.json");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int exit =
        run(
            out,
            err,
            "evaluate",
            "--source",
            "cloudtrail",
            "--events",
            THEFT.toString(),
            "--out",
            report.toString());

    assertThat(exit).isZero();
    assertThat(err.toString()).contains("45 records in, 45 mapped");
    assertThat(out.toString())
        .contains("45 events from 2 identities, 1 alerts. No labels were given")
        .contains("| TOKEN_REPLAY | replay-delivered-credential-shared-client | 1 |")
        .contains("| " + ROLE + " | 1 |")
        .doesNotContain("| precision |");
    JsonNode json = new ObjectMapper().readTree(report.toFile());
    assertThat(json.get("labelled").asBoolean()).isFalse();
    assertThat(json.get("alerts").asInt()).isEqualTo(1);
    assertThat(json.get("per_identity").get(0).get("identity_id").asText()).isEqualTo(ROLE);
  }

  @Test
  void anEstateDeclaringItsEgressAlsoGetsTheOffNetworkAlertOnTheSameCredential() {
    StringWriter out = new StringWriter();

    int exit =
        run(
            out,
            new StringWriter(),
            "evaluate",
            "--source",
            "cloudtrail",
            "--events",
            THEFT.toString(),
            "--rules",
            declared.toString());

    assertThat(exit).isZero();
    assertThat(out.toString())
        .contains("45 events from 2 identities, 2 alerts.")
        .contains("| TOKEN_REPLAY | replay-delivered-credential-off-network | 1 |")
        .contains("| TOKEN_REPLAY | replay-delivered-credential-shared-client | 1 |")
        .contains("| " + ROLE + " | 2 |");
  }

  @Test
  void withTheTechniquesLabelsItScoresRecallAndPrecision() throws Exception {
    Path report = dir.resolve("score.json");

    int exit =
        run(
            new StringWriter(),
            new StringWriter(),
            "evaluate",
            "--source",
            "cloudtrail",
            "--events",
            THEFT.toString(),
            "--labels",
            LABELS.toString(),
            "--out",
            report.toString());

    assertThat(exit).isZero();
    JsonNode replay = detection(new ObjectMapper().readTree(report.toFile()), "TOKEN_REPLAY");
    assertThat(replay.get("campaigns").asInt()).isEqualTo(1);
    assertThat(replay.get("detected").asInt()).isEqualTo(1);
    assertThat(replay.get("alerts").asInt()).isEqualTo(1);
    assertThat(replay.get("true_positives").asInt()).isEqualTo(1);
  }

  @Test
  void labelsOrASourceNeedEvents() {
    StringWriter err = new StringWriter();

    int exit = run(new StringWriter(), err, "evaluate", "--source", "cloudtrail");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--labels and --source need --events");
  }

  private static JsonNode detection(JsonNode report, String name) {
    for (JsonNode d : report.get("detections")) {
      if (d.get("detection").asText().equals(name)) {
        return d;
      }
    }
    throw new AssertionError("no " + name + " in " + report);
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
