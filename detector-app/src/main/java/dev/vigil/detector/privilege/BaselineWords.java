package dev.vigil.detector.privilege;

import dev.vigil.detector.FindingWording;
import dev.vigil.detector.baseline.Evidence;
import dev.vigil.detector.profile.IdentityProfile.Aspect;
import dev.vigil.detector.profile.ProfileBuilder;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The privilege baseline in a profile: privileges and scopes, rhythm, how much was learnt. */
final class BaselineWords {

  /** Privileges named at most; the rest are counted. */
  static final int MAX_NAMED = 8;

  private BaselineWords() {}

  static void describe(IdentityBaseline state, ProfileBuilder profile) {
    if (state.isEmpty()) {
      return;
    }
    profile.seen(instant(state.firstSeen), instant(state.lastSeen));
    if (!state.privileges.isEmpty() || !state.granted.isEmpty()) {
      StringBuilder words = new StringBuilder();
      if (!state.privileges.isEmpty()) {
        words
            .append("Used ")
            .append(count(state.privileges.size(), "privilege"))
            .append(": ")
            .append(profile.recent(instants(state.privileges), MAX_NAMED))
            .append('.');
      }
      if (!state.granted.isEmpty()) {
        words
            .append(words.isEmpty() ? "" : " ")
            .append("Granted ")
            .append(count(state.granted.size(), "scope"))
            .append(": ")
            .append(profile.recent(instants(state.granted), MAX_NAMED))
            .append('.');
      }
      profile.baseline(Aspect.PRIVILEGES, words.toString());
    }
    Evidence evidence = state.evidence;
    StringBuilder rhythm =
        new StringBuilder("Active on ").append(count(evidence.activeDays(), "day"));
    rhythm
        .append(" since it was first seen; its longest silence was ")
        .append(FindingWording.span(state.longestGap))
        .append('.');
    if (state.hasWake()) {
      rhythm
          .append(" Woke ")
          .append(profile.when(Instant.ofEpochMilli(state.wokeAt)))
          .append(" after a silence of ")
          .append(FindingWording.span(state.wokeAt - state.silentSince))
          .append('.');
    }
    profile.baseline(Aspect.RHYTHM, rhythm.toString());
    profile.baseline(
        Aspect.MATURITY,
        "Learnt from "
            + count(evidence.uses(), "use")
            + "; "
            + count(evidence.daysSinceGrowth(), "active day")
            + " and "
            + count(evidence.usesSinceGrowth(), "use")
            + " since it last took in a new privilege"
            + (evidence.settled()
                ? "; it has held still long enough to be judged on its own."
                : "."));
  }

  private static Map<String, Instant> instants(Map<String, Long> millis) {
    Map<String, Instant> out = new LinkedHashMap<>();
    millis.forEach((k, v) -> out.put(k, Instant.ofEpochMilli(v)));
    return out;
  }

  private static Instant instant(long millis) {
    return millis == IdentityBaseline.NONE ? null : Instant.ofEpochMilli(millis);
  }

  private static String count(long n, String noun) {
    return String.format(java.util.Locale.ROOT, "%,d", n) + " " + noun + (n == 1 ? "" : "s");
  }
}
