package dev.vigil.rules.pack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackValidatorTest {

  @Test
  void validPackIsSummarisedRuleByRule(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("default.yaml");
    Files.writeString(file, RulePacks.defaultPackText());
    ValidationReport report = PackValidator.validate(file);

    assertThat(report.valid()).isTrue();
    assertThat(report.render())
        .startsWith(
            "OK "
                + file
                + ": pack vigil-default version 2026.1, 12 rules (11 enabled, 11 of 12 kinds)")
        .contains("replay-attested-context-mismatch")
        .contains("REVOKE_TOKEN");
  }

  @Test
  void invalidPackListsEveryProblem() {
    ValidationReport report =
        PackValidator.validate(
            """
        pack: p
        version: 1
        rules:
          - id: a
            kind: nope
            severity: low
          - id: b
            kind: tool_fanout
            severity: loud
        """,
            "p.yaml");

    assertThat(report.valid()).isFalse();
    assertThat(report.pack()).isNull();
    assertThat(report.render().lines())
        .containsExactly(
            "INVALID p.yaml: 2 problems, pack refused",
            report.problems().get(0).toString(),
            report.problems().get(1).toString());
    assertThat(report.problems().get(0).toString())
        .startsWith("p.yaml:5:11: field 'rules[0].kind': unknown kind \"nope\"");
    assertThat(report.problems().get(1).toString())
        .startsWith("p.yaml:9:15: field 'rules[1].severity'");
  }

  @Test
  void warnsAboutValidButProbablyUnintendedChoices() {
    ValidationReport report =
        PackValidator.validate(
            """
        pack: p
        version: 1
        response:
          max_revocations_per_minute: 0
        rules:
          - id: fanout
            kind: tool_fanout
            severity: low
            action: revoke_token
            exceptions:
              identities: ['*']
          - id: quiet
            kind: audience_mismatch
            severity: low
            enabled: false
        """,
            "p.yaml");

    assertThat(report.valid()).isTrue();
    assertThat(report.warnings())
        .contains(
            "rule 'fanout': revoke_token on tool_fanout: evidence without a token raises the alert but issues no command",
            "rule 'fanout': an exception matches everything, so the rule can never fire",
            "rule 'quiet': disabled",
            "no enabled rule of kind audience_mismatch: that part of LATERAL_MOVEMENT is not watched",
            "response.max_revocations_per_minute is 0: every revocation becomes an alert only",
            "no privileged patterns: only actions the emitters flag count as privileged");
    assertThat(report.render()).contains("warning: rule 'quiet': disabled");
  }
}
