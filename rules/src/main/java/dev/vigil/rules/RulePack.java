package dev.vigil.rules;

import dev.vigil.rules.match.GlobList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated rule pack: its rules, the patterns that mark privileges privileged, the global
 * response limits and how alerts add up to risk. Immutable; a new pack replaces the old one whole.
 *
 * <p>The privileged patterns are globs, matched ignoring case (IAM actions and scopes are case
 * insensitive in practice); a privilege (or, when none, an action) matching one is privileged even
 * when the emitter did not flag it. {@code maxRevocationsPerMinute} is the global cap: further
 * revocations in the same minute become alerts only.
 */
public final class RulePack {

  private final String name;
  private final String version;
  private final List<String> privilegedPatterns;
  private final int maxRevocationsPerMinute;
  private final RiskPolicy risk;
  private final List<Rule> rules;

  /** The enabled rules by kind: detectors ask for them several times per event. */
  private final Map<RuleKind, List<Rule>> enabledByKind = new EnumMap<>(RuleKind.class);

  /** A pack with the default {@link RiskPolicy}. */
  public RulePack(
      String name,
      String version,
      List<String> privilegedPatterns,
      int maxRevocationsPerMinute,
      List<Rule> rules) {
    this(name, version, privilegedPatterns, maxRevocationsPerMinute, RiskPolicy.DEFAULTS, rules);
  }

  public RulePack(
      String name,
      String version,
      List<String> privilegedPatterns,
      int maxRevocationsPerMinute,
      RiskPolicy risk,
      List<Rule> rules) {
    this.risk = Objects.requireNonNull(risk, "risk");
    this.name = name;
    this.version = version;
    // Compiled once here: isPrivileged runs for every token-use event.
    this.privilegedPatterns = GlobList.ignoringCase(privilegedPatterns);
    this.maxRevocationsPerMinute = maxRevocationsPerMinute;
    this.rules = List.copyOf(rules);
    for (RuleKind kind : RuleKind.values()) {
      enabledByKind.put(
          kind, this.rules.stream().filter(r -> r.enabled() && r.kind() == kind).toList());
    }
  }

  public String name() {
    return name;
  }

  public String version() {
    return version;
  }

  public List<String> privilegedPatterns() {
    return privilegedPatterns;
  }

  public int maxRevocationsPerMinute() {
    return maxRevocationsPerMinute;
  }

  /** How alerts add up to an identity's risk level. */
  public RiskPolicy risk() {
    return risk;
  }

  public List<Rule> rules() {
    return rules;
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
    return enabledByKind.get(kind);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RulePack p
        && Objects.equals(name, p.name)
        && Objects.equals(version, p.version)
        && privilegedPatterns.equals(p.privilegedPatterns)
        && maxRevocationsPerMinute == p.maxRevocationsPerMinute
        && risk.equals(p.risk)
        && rules.equals(p.rules);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, version, privilegedPatterns, maxRevocationsPerMinute, risk, rules);
  }

  @Override
  public String toString() {
    return "RulePack[name=" + name + ", version=" + version + ", rules=" + rules.size() + "]";
  }
}
