package dev.vigil.rules;

import dev.vigil.rules.match.GlobList;
import java.util.List;
import java.util.Optional;

/**
 * A validated rule pack: its rules, the patterns that mark privileges privileged, and the global
 * response limits. Immutable; a new pack replaces the old one whole.
 *
 * @param privilegedPatterns glob patterns, matched ignoring case (IAM actions and scopes are case
 *     insensitive in practice); a privilege (or, when none, an action) matching one is privileged
 *     even when the emitter did not flag it
 * @param maxRevocationsPerMinute global cap; further revocations in the same minute become alerts only
 */
public record RulePack(
    String name,
    String version,
    List<String> privilegedPatterns,
    int maxRevocationsPerMinute,
    List<Rule> rules) {

  public RulePack {
    // Compiled once here: isPrivileged runs for every token-use event.
    privilegedPatterns = GlobList.ignoringCase(privilegedPatterns);
    rules = List.copyOf(rules);
  }

  /**
   * True when the emitter flagged the action privileged, or the privilege exercised (or, when the
   * emitter names no privilege, the action) matches one of the pack's privileged patterns.
   */
  public boolean isPrivileged(String privilege, String action, boolean flaggedByEmitter) {
    if (flaggedByEmitter) {
      return true;
    }
    String subject = privilege != null ? privilege : action;
    return ((GlobList) privilegedPatterns).anyMatches(subject);
  }

  public Optional<Rule> rule(String id) {
    return rules.stream().filter(r -> r.id().equals(id)).findFirst();
  }

  /** The enabled rules of one kind, in pack order. */
  public List<Rule> enabled(RuleKind kind) {
    return rules.stream().filter(r -> r.enabled() && r.kind() == kind).toList();
  }
}
