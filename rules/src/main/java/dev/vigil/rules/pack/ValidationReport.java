package dev.vigil.rules.pack;

import dev.vigil.rules.Rule;
import dev.vigil.rules.RuleKind;
import dev.vigil.rules.RulePack;
import java.util.List;

/**
 * What {@code rules validate} says about a pack: the pack when it is valid, else every problem; and
 * warnings about a valid pack that will not do what its author probably wants.
 *
 * @param pack the validated pack, or null when there are problems
 */
public record ValidationReport(
    String origin, RulePack pack, List<RulePackProblem> problems, List<String> warnings) {

  public ValidationReport {
    problems = List.copyOf(problems);
    warnings = List.copyOf(warnings);
    if ((pack == null) == problems.isEmpty()) {
      throw new IllegalArgumentException("a report has either a pack or problems");
    }
  }

  public boolean valid() {
    return pack != null;
  }

  /** Human-readable report, one finding per line, problems in {@code FILE:LINE:COL} form. */
  public String render() {
    StringBuilder sb = new StringBuilder();
    if (!valid()) {
      sb.append("INVALID ")
          .append(origin)
          .append(": ")
          .append(problems.size())
          .append(problems.size() == 1 ? " problem" : " problems")
          .append(", pack refused\n");
      problems.forEach(p -> sb.append(p).append('\n'));
      return sb.toString();
    }
    long enabled = pack.rules().stream().filter(Rule::enabled).count();
    long kinds = pack.rules().stream().filter(Rule::enabled).map(Rule::kind).distinct().count();
    sb.append("OK ")
        .append(origin)
        .append(": pack ")
        .append(pack.name())
        .append(" version ")
        .append(pack.version())
        .append(", ")
        .append(pack.rules().size())
        .append(" rules (")
        .append(enabled)
        .append(" enabled, ")
        .append(kinds)
        .append(" of ")
        .append(RuleKind.values().length)
        .append(" kinds), ")
        .append(pack.privilegedPatterns().size())
        .append(" privileged patterns, at most ")
        .append(pack.maxRevocationsPerMinute())
        .append(" revocations per minute\n");
    pack.rules()
        .forEach(
            r ->
                sb.append(
                        String.format(
                                "  %-41s %-30s %-8s %-16s %s",
                                r.id(),
                                r.kind().yamlName(),
                                r.severity(),
                                r.action(),
                                r.enabled() ? "" : "(disabled)")
                            .stripTrailing())
                    .append('\n'));
    warnings.forEach(w -> sb.append("warning: ").append(w).append('\n'));
    return sb.toString();
  }
}
