package dev.vigil.tools.simulate;

import java.util.List;
import java.util.Map;

/** A task that has started and holds task-scoped tokens, one per audience, until it completes. */
record OpenTask(
    String taskId,
    String sessionId,
    String principal,
    Map<String, HeldToken> tokens,
    List<HeldToken> minted,
    long firstUse) {

  HeldToken tokenFor(Tool tool) {
    return tokens.get(tool.audience());
  }
}
