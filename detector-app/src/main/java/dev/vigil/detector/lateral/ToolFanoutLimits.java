package dev.vigil.detector.lateral;

import dev.vigil.detector.baseline.PeerGrouping;
import dev.vigil.rules.Rule;
import dev.vigil.rules.RuleKind;
import dev.vigil.rules.RulePack;
import dev.vigil.rules.pack.ParamCatalogue;
import java.time.Duration;
import java.util.List;

/**
 * How much of an identity's tool history the state keeps, from every tool_fanout rule of the pack,
 * enabled or not (a switched-off rule keeps its baseline warm); the catalogue defaults when the
 * pack has none, so a pack update that briefly drops the rule does not wipe months of learning.
 *
 * @param horizon longest horizon: a tool not reached for longer is forgotten, and is new again.
 *     With several rules the longest horizon decides what is new for all of them.
 * @param maxEntries largest max_baseline_entries: tools kept per identity
 * @param evidenceWindow longest window: how long a tool's window evidence is kept
 * @param grouping how peers are grouped: the first tool_fanout rule's grouping, enabled rules first
 */
record ToolFanoutLimits(
    Duration horizon, int maxEntries, Duration evidenceWindow, PeerGrouping grouping) {

  static ToolFanoutLimits of(RulePack pack) {
    List<Rule> rules = pack.rules().stream().filter(r -> r.kind() == RuleKind.TOOL_FANOUT).toList();
    return new ToolFanoutLimits(
        rules.stream()
            .map(r -> r.params().duration("horizon"))
            .max(Duration::compareTo)
            .orElse(ParamCatalogue.defaultDuration(RuleKind.TOOL_FANOUT, "horizon")),
        rules.stream()
            .mapToInt(r -> r.params().integer("max_baseline_entries"))
            .max()
            .orElse(ParamCatalogue.defaultInteger(RuleKind.TOOL_FANOUT, "max_baseline_entries")),
        rules.stream()
            .map(r -> r.params().duration("window"))
            .max(Duration::compareTo)
            .orElse(ParamCatalogue.defaultDuration(RuleKind.TOOL_FANOUT, "window")),
        PeerGrouping.of(pack, RuleKind.TOOL_FANOUT));
  }
}
