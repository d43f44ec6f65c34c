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

  void add(YamlNode.Mark mark, String field, String message) {
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
    out.sort(Comparator.comparingInt(RulePackProblem::line).thenComparingInt(RulePackProblem::column));
    return out;
  }
}
