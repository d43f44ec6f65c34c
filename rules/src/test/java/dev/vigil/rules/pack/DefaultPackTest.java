package dev.vigil.rules.pack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.events.ResponseAction;
import dev.vigil.rules.Rule;
import dev.vigil.rules.RuleKind;
import dev.vigil.rules.RulePack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DefaultPackTest {

  private final RulePack pack = RulePacks.defaultPack();

  @Test
  void everyKindHasAnEnabledRuleAndEveryOptInKindADisabledOne() {
    for (RuleKind kind : RuleKind.values()) {
      if (kind.optIn()) {
        assertThat(pack.enabled(kind)).as(kind.yamlName()).isEmpty();
        assertThat(pack.rules()).as(kind.yamlName()).anyMatch(r -> r.kind() == kind);
      } else {
        assertThat(pack.enabled(kind)).as(kind.yamlName()).isNotEmpty();
      }
    }
  }

  @Test
  void reparsingItsTextGivesTheSamePack() {
    assertThat(RulePacks.parse(RulePacks.defaultPackText(), "again.yaml")).isEqualTo(pack);
    assertThat(RulePacks.defaultPackText()).contains("pack: vigil-default");
  }

  @Test
  void revokesOnlyOnHighConfidenceKinds() {
    Set<RuleKind> mayRevoke =
        EnumSet.of(
            RuleKind.TOKEN_CONTEXT_MISMATCH,
            RuleKind.TOKEN_REVOKED_OR_EXPIRED_USE,
            RuleKind.TASK_TOKEN_AFTER_COMPLETION,
            RuleKind.TASK_END_REVOCATION);
    for (Rule rule : pack.rules()) {
      if (!mayRevoke.contains(rule.kind())) {
        assertThat(rule.action()).as(rule.id()).isEqualTo(ResponseAction.NONE);
      }
    }
    for (RuleKind kind : mayRevoke) {
      assertThat(pack.enabled(kind)).allMatch(r -> r.action() != ResponseAction.NONE);
    }
    assertThat(pack.maxRevocationsPerMinute()).isEqualTo(20);
  }

  @Test
  void everyRuleMapsToAttackAndOwasp() {
    for (Rule rule : pack.rules()) {
      assertThat(rule.tags()).as(rule.id()).anyMatch(t -> t.startsWith("attack."));
      assertThat(rule.tags())
          .as(rule.id())
          .anyMatch(t -> t.startsWith("owasp.asi") || t.startsWith("owasp.nhi"));
      assertThat(rule.description()).as(rule.id()).isNotBlank();
    }
  }

  @Test
  void validatesWithoutWarnings() {
    ValidationReport report =
        PackValidator.validate(RulePacks.defaultPackText(), "default-pack.yaml");
    assertThat(report.valid()).isTrue();
    assertThat(report.warnings()).isEmpty();
  }

  @ParameterizedTest(name = "{0} privileged: {1}")
  @CsvSource({
    "'*', true",
    "s3:*, true",
    "ec2:*, true",
    "admin:org, true",
    "roles/owner, true",
    "cluster-admin, true",
    "iam:CreateAccessKey, true",
    "iam:PassRole, true",
    "sts:AssumeRole, true",
    "sts:AssumeRoleWithWebIdentity, true",
    "secrets:write, true",
    "secrets.write, true",
    "secretsmanager:PutSecretValue, true",
    "kms:Decrypt, true",
    "organizations:LeaveOrganization, true",
    "resourcemanager.projects.setIamPolicy, true",
    "Microsoft.Authorization/roleAssignments/write, true",
    "s3:GetObject, false",
    "repo:write, false",
    "secrets:read, false",
    "iam:GetUser, false",
    "tools/call, false",
    "read:org, false",
  })
  void privilegedPatternsMarkWhatASocCallsPrivileged(String privilege, boolean expected) {
    assertThat(pack.isPrivileged(privilege, "any", false)).isEqualTo(expected);
  }

  @Test
  void rulesDocumentDescribesEveryDefaultRuleAndParameter() throws IOException {
    Path doc = Path.of("..", "docs", "RULES.md");
    String text = Files.readString(doc);
    for (Rule rule : pack.rules()) {
      assertThat(text).as("docs/RULES.md mentions " + rule.id()).contains(rule.id());
    }
    for (RuleKind kind : RuleKind.values()) {
      for (ParamSpec spec : ParamCatalogue.of(kind)) {
        assertThat(text)
            .as("docs/RULES.md catalogue row of " + kind.yamlName() + "." + spec.name())
            .contains(spec.markdownRow());
      }
    }
  }
}
