package dev.vigil.rules;

import java.util.List;
import java.util.Optional;

/**
 * A validated rule pack: its rules, the patterns that mark privileges privileged, and the global
 * response limits. Immutable; a new pack replaces the old one whole.
 *
 * @param privilegedPatterns glob patterns; a privilege (or, when none, an action) matching one is
 *     privileged even when the emitter did not flag it
 * @param maxRevocationsPerMinute global cap; further revocations in the same minute become alerts only
 */
public record RulePack(
    String name,
    String version,
    List<String> privilegedPatterns,
    int maxRevocationsPerMinute,
    List<Rule> rules) {

  public RulePack {
    privilegedPatterns = List.copyOf(privilegedPatterns);
    rules = List.copyOf(rules);
  }

  public Optional<Rule> rule(String id) {
    return rules.stream().filter(r -> r.id().equals(id)).findFirst();
  }

  /** The enabled rules of one kind, in pack order. */
  public List<Rule> enabled(RuleKind kind) {
    return rules.stream().filter(r -> r.enabled() && r.kind() == kind).toList();
  }
}
