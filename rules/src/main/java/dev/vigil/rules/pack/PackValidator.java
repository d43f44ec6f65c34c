package dev.vigil.rules.pack;

import dev.vigil.events.ResponseAction;
import dev.vigil.rules.Rule;
import dev.vigil.rules.RuleKind;
import dev.vigil.rules.RulePack;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The logic behind {@code vigil rules validate PACK.yaml}: load the pack as the runtime would, and
 * on success also point out what is valid but probably unintended. The CLI prints {@link
 * ValidationReport#render()} and exits non-zero when the report is not valid.
 */
public final class PackValidator {

  /**
   * Kinds keyed by identity whose evidence may carry no token: REVOKE_TOKEN there falls back to an
   * alert without a command when the triggering event has no token.
   */
  static final Set<RuleKind> TOKEN_OPTIONAL =
      EnumSet.of(
          RuleKind.NEW_PRIVILEGE,
          RuleKind.DORMANT_WAKEUP,
          RuleKind.PRIVILEGE_BURST,
          RuleKind.TOOL_FANOUT);

  private PackValidator() {}

  public static ValidationReport validate(Path file) {
    try {
      return report(file.toString(), RulePacks.load(file));
    } catch (RulePackException e) {
      return new ValidationReport(file.toString(), null, e.problems(), List.of());
    }
  }

  public static ValidationReport validate(String yaml, String origin) {
    try {
      return report(origin, RulePacks.parse(yaml, origin));
    } catch (RulePackException e) {
      return new ValidationReport(origin, null, e.problems(), List.of());
    }
  }

  private static ValidationReport report(String origin, RulePack pack) {
    return new ValidationReport(origin, pack, List.of(), warnings(pack));
  }

  /** Valid but suspicious: what a reviewer would ask the author about. */
  static List<String> warnings(RulePack pack) {
    List<String> out = new ArrayList<>();
    for (RuleKind kind : RuleKind.values()) {
      if (pack.enabled(kind).isEmpty() && !kind.optIn()) {
        out.add(
            "no enabled rule of kind "
                + kind.yamlName()
                + ": that part of "
                + kind.detection()
                + " is not watched");
      }
    }
    for (Rule rule : pack.rules()) {
      String r = "rule '" + rule.id() + "': ";
      if (!rule.enabled() && !rule.kind().optIn()) {
        out.add(r + "disabled");
      }
      if (rule.kind() == RuleKind.TASK_END_REVOCATION
          && rule.action() != ResponseAction.NONE
          && !rule.suppression().isZero()) {
        out.add(
            r
                + "suppress_for "
                + DurationText.format(rule.suppression())
                + " on task_end_revocation: tasks ending inside the window are merged into a"
                + " roll-up and their tokens are not revoked; use suppress_for: 0s");
      }
      if (rule.action() == ResponseAction.REVOKE_TOKEN && TOKEN_OPTIONAL.contains(rule.kind())) {
        out.add(
            r
                + "revoke_token on "
                + rule.kind().yamlName()
                + ": evidence without a token raises the alert but issues no command");
      }
      if (rule.exceptions().identities().contains("*")
          || rule.exceptions().tools().contains("*")
          || rule.exceptions().networks().stream().anyMatch(n -> n.endsWith("/0"))) {
        out.add(r + "an exception matches everything, so the rule can never fire");
      }
    }
    if (pack.maxRevocationsPerMinute() == 0) {
      out.add("response.max_revocations_per_minute is 0: every revocation becomes an alert only");
    }
    if (pack.privilegedPatterns().isEmpty()) {
      out.add("no privileged patterns: only actions the emitters flag count as privileged");
    }
    return out;
  }
}
