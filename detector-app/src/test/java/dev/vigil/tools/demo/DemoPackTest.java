package dev.vigil.tools.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.rules.Rule;
import dev.vigil.rules.RulePack;
import dev.vigil.rules.pack.PackValidator;
import dev.vigil.rules.pack.RulePacks;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoPackTest {

  @Test
  void isValidAndKeepsEveryRuleOfTheDefaultPack() {
    assertThat(PackValidator.validate(DemoPack.text(), "demo").valid()).isTrue();
    RulePack demo = RulePacks.parse(DemoPack.text(), "demo");
    RulePack shipped = RulePacks.defaultPack();

    assertThat(demo.name()).isEqualTo("vigil-demo");
    assertThat(ids(demo.rules())).isEqualTo(ids(shipped.rules()));
    assertThat(demo.rules())
        .extracting(Rule::severity)
        .isEqualTo(shipped.rules().stream().map(Rule::severity).toList());
    assertThat(demo.rules())
        .extracting(Rule::action)
        .isEqualTo(shipped.rules().stream().map(Rule::action).toList());
  }

  @Test
  void shortensOnlyTheBaselinesToFitThreeDaysOfHistory() {
    String text = DemoPack.text();

    assertThat(text)
        .doesNotContain("learning_period: 14d", "horizon: 45d", "min_dormancy: 7d")
        .contains(
            "learning_period: 1d",
            "horizon: 4d",
            "min_dormancy: 20h",
            "rhythm_multiplier: 2.0\n      min_active_days: 2",
            // The dormancy ceiling stays the default's: within three days ordinary identities show
            // silences of a day and more.
            "dormancy: 45d",
            "window: 10m",
            "grace: 1m");
  }

  private static List<String> ids(List<Rule> rules) {
    return rules.stream().map(Rule::id).toList();
  }
}
