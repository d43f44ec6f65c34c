package dev.vigil.detector.rulestore;

import dev.vigil.rules.Rule;
import dev.vigil.rules.RuleKind;
import dev.vigil.rules.RulePack;
import dev.vigil.rules.pack.ParamCatalogue;
import java.time.Duration;

/** What a detector asks of the enabled rules of a pack as a whole, rather than rule by rule. */
public final class EnabledRules {

  private EnabledRules() {}

  /**
   * How long past a token's expiry or revocation a use is still tolerated: the longest {@code
   * clock_skew} of the enabled {@code token_revoked_or_expired_use} rules. Every detector that lets
   * a token go once it has ended waits this long, so they agree on when that is.
   */
  public static Duration tokenClockSkew(RulePack pack) {
    return longest(pack, "clock_skew", RuleKind.TOKEN_REVOKED_OR_EXPIRED_USE);
  }

  /**
   * The longest {@code param} among the enabled rules of {@code kinds}, e.g. how long a state must
   * live to serve every rule that reads it; the catalogue's default (of the first kind) when none
   * of those rules is enabled.
   */
  public static Duration longest(RulePack pack, String param, RuleKind... kinds) {
    return longest(pack, param, ParamCatalogue.defaultDuration(kinds[0], param), kinds);
  }

  /** As {@link #longest(RulePack, String, RuleKind...)}, with {@code fallback} when none is on. */
  public static Duration longest(
      RulePack pack, String param, Duration fallback, RuleKind... kinds) {
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
