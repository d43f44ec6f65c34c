package dev.vigil.detector.rulestore;

import dev.vigil.rules.Rule;
import dev.vigil.rules.RuleKind;
import dev.vigil.rules.RulePack;
import java.time.Duration;

/** What a detector asks of the enabled rules of a pack as a whole, rather than rule by rule. */
public final class EnabledRules {

  private EnabledRules() {}

  /**
   * The longest {@code param} among the enabled rules of {@code kinds}, e.g. how long a state must
   * live to serve every rule that reads it; {@code fallback} when none of those rules is enabled.
   */
  public static Duration longest(RulePack pack, String param, Duration fallback, RuleKind... kinds) {
    Duration longest = null;
    for (RuleKind kind : kinds) {
      for (Rule rule : pack.enabled(kind)) {
        Duration d = rule.params().duration(param);
        if (longest == null || d.compareTo(longest) > 0) {
          longest = d;
        }
      }
    }
    return longest == null ? fallback : longest;
  }
}
