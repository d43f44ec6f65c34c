package dev.vigil.detector.rulestore;

import dev.vigil.rules.Rule;
import dev.vigil.rules.RuleKind;
import dev.vigil.rules.RulePack;
import java.time.Duration;

/** What a detector asks of the enabled rules of a pack as a whole, rather than rule by rule. */
public final class EnabledRules {

  /** The shipped pack's tolerance for clocks that disagree, when no expired-use rule says one. */
  private static final Duration DEFAULT_CLOCK_SKEW = Duration.ofMinutes(2);

  private EnabledRules() {}

  /**
   * How long past a token's expiry or revocation a use is still tolerated: the longest {@code
   * clock_skew} of the enabled {@code token_revoked_or_expired_use} rules. Every detector that lets
   * a token go once it has ended waits this long, so they agree on when that is.
   */
  public static Duration tokenClockSkew(RulePack pack) {
    return longest(pack, "clock_skew", DEFAULT_CLOCK_SKEW, RuleKind.TOKEN_REVOKED_OR_EXPIRED_USE);
  }

  /**
   * The longest {@code param} among the enabled rules of {@code kinds}, e.g. how long a state must
   * live to serve every rule that reads it; {@code fallback} when none of those rules is enabled.
   */
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
