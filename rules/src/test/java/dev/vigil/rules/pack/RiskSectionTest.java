package dev.vigil.rules.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vigil.events.Severity;
import dev.vigil.rules.RiskPolicy;
import dev.vigil.rules.RulePack;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The pack's {@code risk} section: defaults, overrides and the bounds a pack may not cross. */
class RiskSectionTest {

  private static String pack(String risk) {
    return """
        pack: test
        version: "1"
        %s
        rules:
          - id: spread
            kind: token_network_spread
            severity: high
        """
        .formatted(risk);
  }

  @Test
  void aPackWithoutRiskSectionGetsTheDefaultsWhichTheDefaultPackSpellsOut() {
    assertThat(RulePacks.parse(pack(""), "p.yaml").risk()).isEqualTo(RiskPolicy.DEFAULTS);
    assertThat(RulePacks.defaultPack().risk()).isEqualTo(RiskPolicy.DEFAULTS);
  }

  @Test
  void aDecayGivenOverridesThatSeverityOnly() {
    RulePack p =
        RulePacks.parse(
            pack("risk:\n  decay:\n    low: 30m\n  escalate_at_detections: 0"), "p.yaml");
    assertThat(p.risk().decayOf(Severity.LOW)).isEqualTo(Duration.ofMinutes(30));
    assertThat(p.risk().decayOf(Severity.HIGH)).isEqualTo(Duration.ofHours(24));
    assertThat(p.risk().escalateAtDetections()).isZero();
  }

  @Test
  void decaysOutOfBoundsOrShrinkingWithSeverityAndABadEscalationAreRefused() {
    RulePackException e =
        catchThrowableOfType(
            RulePackException.class,
            () ->
                RulePacks.parse(
                    pack(
                        "risk:\n  decay:\n    low: 10s\n    critical: 1h\n"
                            + "  escalate_at_detections: 1"),
                    "bad.yaml"));
    assertThat(e.problems())
        .extracting(RulePackProblem::field)
        .containsExactlyInAnyOrder(
            "risk.decay.low", "risk.decay.critical", "risk.escalate_at_detections");
  }
}
