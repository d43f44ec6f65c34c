package dev.vigil.detector.lateral;

import dev.vigil.detector.profile.IdentityProfile.Aspect;
import dev.vigil.detector.profile.ProfileBuilder;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The tool baseline in a profile: which tools the identity reaches, and when it last did. */
final class ToolWords {

  /** Tools named at most; the rest are counted. */
  static final int MAX_NAMED = 8;

  private ToolWords() {}

  static void describe(ToolBaseline state, ProfileBuilder profile) {
    if (state.isEmpty()) {
      return;
    }
    profile.seen(Instant.ofEpochMilli(state.firstSeen), Instant.ofEpochMilli(state.lastSeen));
    if (state.tools.isEmpty()) {
      return;
    }
    Map<String, Instant> lastUsed = new LinkedHashMap<>();
    state.tools.forEach((tool, use) -> lastUsed.put(tool, Instant.ofEpochMilli(use.lastUsed)));
    int n = state.tools.size();
    profile.baseline(
        Aspect.TOOLS,
        "Reaches "
            + n
            + (n == 1 ? " tool: " : " tools: ")
            + profile.recent(lastUsed, MAX_NAMED)
            + ".");
  }
}
