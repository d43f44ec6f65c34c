package dev.vigil.detector.privilege;

import dev.vigil.rules.Rule;
import dev.vigil.rules.RuleKind;
import dev.vigil.rules.RulePack;
import dev.vigil.rules.pack.ParamCatalogue;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * How much of an identity's history the state keeps, derived from every rule of the three kinds in
 * the pack, enabled or not: switching a rule off must not throw away baselines it will need when
 * switched back on. A pack with no such rule falls back to the catalogue defaults for the same
 * reason: a pack update that briefly drops a rule should not wipe months of learning.
 *
 * @param horizon longest new_privilege / privilege_burst horizon: entries older than it are pruned
 * @param maxEntries largest max_baseline_entries: privileges and granted scopes kept, each
 * @param retention how long after its last activity an identity's state is kept at all: the longest
 *     of last_seen_ttl and horizon, so that dormancy stays visible after the baseline has expired
 * @param minDormancy shortest dormancy any rule could call one (its floor, {@code min_dormancy}, or
 *     its ceiling, {@code dormancy}, if lower): a silence at least this long is remembered as a
 *     wake
 * @param maxWakeWindow longest wake_window: how long a wake is remembered
 * @param burstWindow the bucket width of the privileged-action counter (first privilege_burst rule)
 * @param burstHorizon the decay horizon of the typical per-bucket rate (same rule)
 */
record BaselineLimits(
    Duration horizon,
    int maxEntries,
    Duration retention,
    Duration minDormancy,
    Duration maxWakeWindow,
    Duration burstWindow,
    Duration burstHorizon) {

  private static final Duration DEFAULT_HORIZON =
      ParamCatalogue.defaultDuration(RuleKind.NEW_PRIVILEGE, "horizon");
  private static final int DEFAULT_MAX_ENTRIES =
      ParamCatalogue.defaultInteger(RuleKind.NEW_PRIVILEGE, "max_baseline_entries");
  private static final Duration DEFAULT_LAST_SEEN_TTL =
      ParamCatalogue.defaultDuration(RuleKind.DORMANT_WAKEUP, "last_seen_ttl");
  private static final Duration DEFAULT_DORMANCY =
      shorter(
          ParamCatalogue.defaultDuration(RuleKind.DORMANT_WAKEUP, "dormancy"),
          ParamCatalogue.defaultDuration(RuleKind.DORMANT_WAKEUP, "min_dormancy"));
  private static final Duration DEFAULT_WAKE_WINDOW =
      ParamCatalogue.defaultDuration(RuleKind.DORMANT_WAKEUP, "wake_window");
  static final Duration DEFAULT_BURST_WINDOW =
      ParamCatalogue.defaultDuration(RuleKind.PRIVILEGE_BURST, "window");

  static BaselineLimits of(RulePack pack) {
    List<Rule> newPrivilege = all(pack, RuleKind.NEW_PRIVILEGE);
    List<Rule> dormant = all(pack, RuleKind.DORMANT_WAKEUP);
    List<Rule> burst = all(pack, RuleKind.PRIVILEGE_BURST);

    Duration horizon =
        longest(
            Stream.concat(newPrivilege.stream(), burst.stream()).toList(),
            r -> r.params().duration("horizon"),
            DEFAULT_HORIZON);
    int maxEntries =
        newPrivilege.stream()
            .mapToInt(r -> r.params().integer("max_baseline_entries"))
            .max()
            .orElse(DEFAULT_MAX_ENTRIES);
    Duration lastSeenTtl =
        longest(dormant, r -> r.params().duration("last_seen_ttl"), DEFAULT_LAST_SEEN_TTL);
    Duration minDormancy =
        dormant.stream()
            .map(r -> DormantWakeupCheck.floor(r.params()))
            .min(Duration::compareTo)
            .orElse(DEFAULT_DORMANCY);
    Duration maxWakeWindow =
        longest(dormant, r -> r.params().duration("wake_window"), DEFAULT_WAKE_WINDOW);
    Rule burstOwner =
        pack.enabled(RuleKind.PRIVILEGE_BURST).stream()
            .findFirst()
            .orElse(burst.isEmpty() ? null : burst.get(0));
    Duration burstWindow =
        burstOwner == null ? DEFAULT_BURST_WINDOW : burstOwner.params().duration("window");
    Duration burstHorizon =
        burstOwner == null ? DEFAULT_HORIZON : burstOwner.params().duration("horizon");
    return new BaselineLimits(
        horizon,
        maxEntries,
        lastSeenTtl.compareTo(horizon) >= 0 ? lastSeenTtl : horizon,
        minDormancy,
        maxWakeWindow,
        burstWindow,
        burstHorizon);
  }

  private static Duration shorter(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static List<Rule> all(RulePack pack, RuleKind kind) {
    return pack.rules().stream().filter(r -> r.kind() == kind).toList();
  }

  private static Duration longest(
      List<Rule> rules, Function<Rule, Duration> param, Duration fallback) {
    return rules.stream().map(param).max(Duration::compareTo).orElse(fallback);
  }
}
