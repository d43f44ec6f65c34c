package dev.vigil.rules.pack;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects the problems of one pack so that all of them are reported together. */
final class Problems {

  private final String origin;
  private final List<RulePackProblem> found = new ArrayList<>();

  Problems(String origin) {
    this.origin = origin;
  }

  /**
   * Records a problem unless one is already recorded for the same field at the same place: the
   * first explanation is the precise one (an unsupported alias, not "expected a duration").
   */
  void add(YamlNode.Mark mark, String field, String message) {
    for (RulePackProblem p : found) {
      if (p.line() == mark.line() && p.column() == mark.column() && p.field().equals(field)) {
        return;
      }
    }
    found.add(new RulePackProblem(origin, mark.line(), mark.column(), field, message));
  }

  int count() {
    return found.size();
  }

  boolean isEmpty() {
    return found.isEmpty();
  }

  /** In source order, so the first one reported is the first one a reader meets. */
  List<RulePackProblem> sorted() {
    List<RulePackProblem> out = new ArrayList<>(found);
    out.sort(
        Comparator.comparingInt(RulePackProblem::line).thenComparingInt(RulePackProblem::column));
    return out;
  }
}
