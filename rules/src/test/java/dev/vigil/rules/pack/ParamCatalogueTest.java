package dev.vigil.rules.pack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.rules.RuleKind;
import dev.vigil.rules.RuleParams;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ParamCatalogueTest {

  @ParameterizedTest
  @EnumSource(RuleKind.class)
  void defaultsAreInRangeAndSatisfyTheConstraints(RuleKind kind) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (ParamSpec spec : ParamCatalogue.of(kind)) {
      assertThat(spec.rangeProblem(spec.defaultValue())).as(spec.name()).isNull();
      values.put(spec.name(), spec.defaultValue());
    }
    RuleParams params = new RuleParams(values);
    for (ParamCatalogue.Constraint c : ParamCatalogue.constraints(kind)) {
      assertThat(c.holds().test(params)).as(kind + " " + c.param()).isTrue();
    }
  }

  @Test
  void omittedParametersTakeCatalogueDefaults() {
    var pack =
        RulePacks.parse(
            """
        pack: p
        version: 1
        rules:
          - id: burst
            kind: privilege_burst
            severity: low
            params:
              multiplier: 4
        """,
            "p.yaml");
    RuleParams params = pack.rules().get(0).params();
    assertThat(params.decimal("multiplier")).isEqualTo(4.0);
    assertThat(params.integer("min_count")).isEqualTo(20);
    assertThat(params.duration("window")).isEqualTo(Duration.ofMinutes(5));
    assertThat(params.duration("horizon")).isEqualTo(Duration.ofDays(30));
    assertThat(params.values())
        .containsOnlyKeys("window", "multiplier", "min_count", "learning_period", "horizon");
  }

  @Test
  void contractParameterNamesAreInTheCatalogue() {
    assertThat(names(RuleKind.TOKEN_NETWORK_SPREAD))
        .containsExactly("window", "min_distinct_asns", "min_distinct_countries", "token_ttl");
    assertThat(names(RuleKind.TOKEN_REVOKED_OR_EXPIRED_USE))
        .containsExactly("clock_skew", "successful_uses_only", "expired_token_ttl");
    assertThat(names(RuleKind.TASK_TOKEN_AFTER_COMPLETION)).containsExactly("grace", "task_ttl");
    assertThat(names(RuleKind.NEW_PRIVILEGE))
        .containsExactly(
            "learning_period", "horizon", "max_baseline_entries", "trust_granted_scopes");
    assertThat(names(RuleKind.DORMANT_WAKEUP))
        .containsExactly("dormancy", "wake_window", "last_seen_ttl");
    assertThat(names(RuleKind.TOOL_FANOUT))
        .containsExactly(
            "window",
            "min_distinct_tools",
            "min_new_tools",
            "learning_period",
            "horizon",
            "max_baseline_entries");
    assertThat(names(RuleKind.TOKEN_CONTEXT_MISMATCH)).containsExactly("token_ttl");
    assertThat(names(RuleKind.AUDIENCE_MISMATCH)).containsExactly("token_ttl");
  }

  private static java.util.List<String> names(RuleKind kind) {
    return ParamCatalogue.of(kind).stream().map(ParamSpec::name).toList();
  }
}
