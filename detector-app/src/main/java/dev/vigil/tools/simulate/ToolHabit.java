package dev.vigil.tools.simulate;

import java.util.List;

/** The operations an identity habitually performs at one tool, and how often it goes there. */
record ToolHabit(Tool tool, List<ToolAction> actions, double weight) {

  boolean hasPrivileged() {
    return actions.stream().anyMatch(ToolAction::privileged);
  }

  List<String> scopes() {
    return actions.stream().map(ToolAction::privilege).distinct().toList();
  }
}
