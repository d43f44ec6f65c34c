package dev.vigil.tools.adapt;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.cli.VigilCli;
import dev.vigil.runtime.ExitCode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil adapt} and {@code vigil replay --source} on the real Stratus Red Team CloudTrail
 * captures: every record accounted for, the events written as the contract's JSON lines, no secret
 * in them, and one alert in the whole corpus: on the instance credential stolen by {@code
 * ec2-steal-instance-credentials}, none on any technique's set-up calls.
 */
class AdaptCommandTest {

  private static final Path STEAL =
      NormaliserTopologyTest.STRATUS.resolve(
          "aws.credential-access.ec2-steal-instance-credentials.json");

  /** The role whose instance credential {@code ec2-steal-instance-credentials} takes. */
  private static final String STOLEN_ROLE =
      "arn:aws:iam::017622104382:role/stratus-red-team-ec2-steal-credentials-role";

  @TempDir Path dir;

  private final StringWriter err = new StringWriter();

  @Test
  void writesOneEventLinePerRecordAndSaysWhatBecameOfEachRecord() throws Exception {
    Path out = dir.resolve("events.jsonl");

    int exit =
        run("adapt", "--source", "cloudtrail", "--in", STEAL.toString(), "--out", out.toString());

    assertThat(exit).isEqualTo(ExitCode.OK);
    List<String> lines = Files.readAllLines(out);
    assertThat(lines).hasSize(45).allSatisfy(l -> assertThat(l).startsWith("{\"event_type\":"));
    assertThat(String.join("\n", lines)).doesNotContain("REDACTED").doesNotContain("sessionToken");
    assertThat(err.toString())
        .contains(
            "cloudtrail: 45 records in, 45 mapped into 45 events, 0 skipped, 0 dead-lettered");
  }

  @Test
  void replaysTheWholeCorpusAlertingOnlyOnTheStolenInstanceCredential() throws Exception {
    Path alerts = dir.resolve("alerts.jsonl");
    List<String> args =
        new java.util.ArrayList<>(List.of("replay", "--source", "cloudtrail", "--events"));
    // replay takes one file; the technique whose set-up is noisiest stands for the corpus here,
    // and the corpus as a whole is replayed through adapt below.
    args.add(STEAL.toString());
    args.addAll(List.of("--alerts", alerts.toString()));

    assertThat(run(args.toArray(String[]::new))).isEqualTo(ExitCode.OK);
    assertThat(Files.readAllLines(alerts))
        .as("one alert, on the stolen credential; the set-up calls raise nothing")
        .singleElement(as(InstanceOfAssertFactories.STRING))
        .contains("\"rule_id\":\"replay-delivered-credential-shared-client\"")
        .contains("\"token_id\":\"ASIAP5CT9NN8EYVU1FXV\"")
        .contains("\"identity_id\":\"" + STOLEN_ROLE + "\"");

    Path all = dir.resolve("all.jsonl");
    List<String> adapt =
        new java.util.ArrayList<>(List.of("adapt", "--source", "cloudtrail", "--in"));
    try (var files = Files.list(NormaliserTopologyTest.STRATUS)) {
      files
          .filter(f -> f.toString().endsWith(".json"))
          .sorted()
          .forEach(f -> adapt.add(f.toString()));
    }
    adapt.addAll(List.of("--out", all.toString()));
    assertThat(run(adapt.toArray(String[]::new))).isEqualTo(ExitCode.OK);
    assertThat(err.toString())
        .contains(
            "cloudtrail: 310 records in, 310 mapped into 321 events, 0 skipped, 0 dead-lettered");
    assertThat(run("replay", "--events", all.toString(), "--alerts", alerts.toString()))
        .isEqualTo(ExitCode.OK);
    assertThat(Files.readAllLines(alerts))
        .as("the whole corpus: the stolen credential's alert and nothing else")
        .singleElement(as(InstanceOfAssertFactories.STRING))
        .contains("\"token_id\":\"ASIAP5CT9NN8EYVU1FXV\"");
  }

  @Test
  void anUnknownSourceIsNamedWithTheKnownOnes() {
    int exit = run("adapt", "--source", "splunk", "--in", STEAL.toString());

    assertThat(exit).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(err.toString()).contains("unknown log source 'splunk'").contains("cloudtrail");
  }

  @Test
  void filesAndTopicsAreOneOrTheOther() {
    assertThat(run("adapt", "--source", "cloudtrail")).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(err.toString()).contains("give either --in FILE... or --from-topics");
  }

  private int run(String... args) {
    return VigilCli.commandLine()
        .setOut(new PrintWriter(new StringWriter(), true))
        .setErr(new PrintWriter(err, true))
        .execute(args);
  }
}
