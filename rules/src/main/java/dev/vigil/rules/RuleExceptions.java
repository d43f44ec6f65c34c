package dev.vigil.rules;

import dev.vigil.rules.match.CidrList;
import dev.vigil.rules.match.GlobList;
import java.util.List;

/**
 * Whom a rule leaves alone: identities and tools by glob pattern ({@code *} matches any run of
 * characters), networks by CIDR block. An event any of whose identity, tool or source IP matches is
 * not evidence for the rule.
 *
 * <p>Identity patterns are case sensitive (SPIFFE IDs and account names are); tool patterns ignore
 * case, as tool names do in {@link dev.vigil.rules.match.AudienceMatch}. Patterns and blocks are
 * compiled when the record is made; an unusable one throws IllegalArgumentException (the pack
 * loader reports it with its line first).
 */
public record RuleExceptions(List<String> identities, List<String> tools, List<String> networks) {

  public static final RuleExceptions NONE = new RuleExceptions(List.of(), List.of(), List.of());

  public RuleExceptions {
    identities = GlobList.of(identities);
    tools = GlobList.ignoringCase(tools);
    networks = CidrList.of(networks);
  }

  /**
   * True when the identity, the tool or the source IP is excepted. Null arguments never match, so a
   * caller passes what the event knows.
   */
  public boolean covers(String identityId, String tool, String ip) {
    return ((GlobList) identities).anyMatches(identityId)
        || ((GlobList) tools).anyMatches(tool)
        || ((CidrList) networks).anyContains(ip);
  }

  public boolean isEmpty() {
    return identities.isEmpty() && tools.isEmpty() && networks.isEmpty();
  }
}
