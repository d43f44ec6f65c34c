package dev.vigil.rules.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vigil.rules.Rule;
import dev.vigil.rules.RuleKind;
import dev.vigil.rules.RulePack;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The parameters of {@code token_shared_client}: defaults filled in, ranges enforced by name. */
class SharedClientParamsTest {

  private static String pack(String params) {
    return "pack: test\nversion: \"1\"\nrules:\n  - id: shared\n    kind: token_shared_client\n"
        + "    severity: high\n"
        + (params.isEmpty() ? "" : "    params:\n" + params);
  }

  @Test
  void missingParametersTakeTheCatalogueDefaults() {
    RulePack parsed = RulePacks.parse(pack(""), "shared.yaml");

    Rule rule = parsed.enabled(RuleKind.TOKEN_SHARED_CLIENT).get(0);
    assertThat(rule.params().duration("window")).isEqualTo(Duration.ofMinutes(10));
    assertThat(rule.params().integer("max_sightings_per_address")).isEqualTo(16);
    assertThat(rule.params().patterns("other_side_types").anyMatches("HUMAN")).isTrue();
    assertThat(rule.params().patterns("other_side_types").anyMatches("UNKNOWN")).isTrue();
    assertThat(rule.params().patterns("other_side_types").anyMatches("CI_PIPELINE")).isFalse();
  }

  @Test
  void valuesInRangeAreKept() {
    RulePack parsed =
        RulePacks.parse(
            pack("      window: 1h\n      max_sightings_per_address: 1000\n"), "shared.yaml");

    Rule rule = parsed.enabled(RuleKind.TOKEN_SHARED_CLIENT).get(0);
    assertThat(rule.params().duration("window")).isEqualTo(Duration.ofHours(1));
    assertThat(rule.params().integer("max_sightings_per_address")).isEqualTo(1000);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "window|0s|must be greater than 0s",
        "window|61m|must be at most 1h",
        "max_sightings_per_address|0|must be at least 1",
        "max_sightings_per_address|1001|must be at most 1000",
        "max_sightings_per_adress|4|did you mean 'max_sightings_per_address'?"
      })
  void outOfRangeValuesAreRefusedAtTheirField(String param, String value, String message) {
    RulePackException e =
        catchThrowableOfType(
            RulePackException.class,
            () -> RulePacks.parse(pack("      " + param + ": " + value + "\n"), "shared.yaml"));

    assertThat(e).isNotNull();
    assertThat(e.problems()).hasSize(1);
    assertThat(e.problems().get(0).field()).isEqualTo("rules[0].params." + param);
    assertThat(e.problems().get(0).message()).contains(message);
  }
}
