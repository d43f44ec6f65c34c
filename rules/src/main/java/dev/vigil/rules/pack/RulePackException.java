package dev.vigil.rules.pack;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A rule pack was refused. Carries every problem found in one pass, in source order; the accessors
 * describe the first. The message lists all of them, one per line, the first line being the first
 * problem in {@code FILE:LINE:COL: field 'PATH': MESSAGE} form.
 */
public final class RulePackException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final List<RulePackProblem> problems;

  public RulePackException(List<RulePackProblem> problems) {
    super(render(problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a RulePackException needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  public List<RulePackProblem> problems() {
    return problems;
  }

  public String origin() {
    return problems.get(0).origin();
  }

  public int line() {
    return problems.get(0).line();
  }

  public int column() {
    return problems.get(0).column();
  }

  public String field() {
    return problems.get(0).field();
  }

  private static String render(List<RulePackProblem> problems) {
    return problems.stream().map(RulePackProblem::toString).collect(Collectors.joining("\n"));
  }
}
