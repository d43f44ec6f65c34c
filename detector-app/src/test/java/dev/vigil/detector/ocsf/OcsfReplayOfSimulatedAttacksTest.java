package dev.vigil.detector.ocsf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.cli.VigilCli;
import dev.vigil.events.Alert;
import dev.vigil.events.json.EventJson;
import dev.vigil.tools.demo.DemoPack;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code vigil simulate --out} then {@code vigil replay --ocsf}: every alert the simulator's
 * attacks raise has an OCSF 1.9.0 Detection Finding twin, in the same order, valid against the
 * vendored schema.
 */
class OcsfReplayOfSimulatedAttacksTest {

  @TempDir Path dir;

  @Test
  void everyAlertOfASimulatedAttackReplayHasAValidOcsfTwin() throws Exception {
    Path events = dir.resolve("events.jsonl");
    Path labels = dir.resolve("labels.jsonl");
    Path pack = dir.resolve("pack.yaml");
    Path alerts = dir.resolve("alerts.jsonl");
    Path ocsf = dir.resolve("ocsf.jsonl");
    // The demo pack: the default rules with baselines short enough for two simulated days.
    Files.writeString(pack, DemoPack.text(), StandardCharsets.UTF_8);

    assertThat(
            run(
                "simulate",
                "--out",
                events.toString(),
                "--labels",
                labels.toString(),
                "--seed",
                "7",
                "--days",
                "2",
                "--identities",
                "40",
                "--attacks-per-detection",
                "2"))
        .isZero();
    assertThat(
            run(
                "replay",
                "--events",
                events.toString(),
                "--rules",
                pack.toString(),
                "--alerts",
                alerts.toString(),
                "--ocsf",
                ocsf.toString()))
        .isZero();

    List<Alert> alertList =
        Files.readAllLines(alerts).stream().map(l -> EventJson.parse(l, Alert.class)).toList();
    List<String> findings = Files.readAllLines(ocsf);
    assertThat(alertList).hasSizeGreaterThan(3);
    assertThat(alertList.stream().map(a -> a.getDetection()).collect(Collectors.toSet()))
        .as("detections raised by the simulated attacks")
        .hasSizeGreaterThanOrEqualTo(3);
    assertThat(findings).hasSameSizeAs(alertList);

    OcsfSchema schema = OcsfSchema.load();
    ObjectMapper mapper = new ObjectMapper();
    for (int i = 0; i < alertList.size(); i++) {
      Alert alert = alertList.get(i);
      JsonNode finding = mapper.readTree(findings.get(i));
      assertThat(schema.validate(finding, "detection_finding"))
          .as("OCSF %s problems of the twin of %s", OcsfSchema.VERSION, alert.getAlertId())
          .isEmpty();
      assertThat(finding.at("/finding_info/uid").asText()).isEqualTo(alert.getAlertId());
      assertThat(finding.at("/finding_info/analytic/uid").asText()).isEqualTo(alert.getRuleId());
      assertThat(finding.get("time").asLong()).isEqualTo(alert.getDetectedAt().toEpochMilli());
      assertThat(finding.at("/finding_info/first_seen_time").asLong())
          .isEqualTo(alert.getWindowStart().toEpochMilli());
      assertThat(finding.at("/actor/user/uid").asText()).isEqualTo(alert.getIdentityId());
      Set<String> techniques =
          alert.getTags().stream()
              .filter(t -> t.matches("attack\\.t\\d{4}(\\.\\d{3})?"))
              .map(t -> t.substring("attack.".length(), "attack.".length() + 5).toUpperCase())
              .collect(Collectors.toSet());
      for (String technique : techniques) {
        assertThat(finding.at("/finding_info/attacks").toString()).contains(technique);
      }
    }
  }

  private static int run(String... args) {
    CommandLine cli = VigilCli.commandLine();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(new StringWriter()));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    if (exit != 0) {
      throw new AssertionError(String.join(" ", args) + " exited " + exit + ":\n" + err);
    }
    return exit;
  }
}
