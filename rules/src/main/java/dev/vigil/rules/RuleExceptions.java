package dev.vigil.rules;

import java.util.List;

/**
 * Whom a rule leaves alone: identities and tools by glob pattern ({@code *} matches any run of
 * characters), networks by CIDR block. An event any of whose identity, tool or source IP matches is
 * not evidence for the rule.
 */
public record RuleExceptions(List<String> identities, List<String> tools, List<String> networks) {

  public static final RuleExceptions NONE = new RuleExceptions(List.of(), List.of(), List.of());

  public RuleExceptions {
    identities = identities == null ? List.of() : List.copyOf(identities);
    tools = tools == null ? List.of() : List.copyOf(tools);
    networks = networks == null ? List.of() : List.copyOf(networks);
  }
}
