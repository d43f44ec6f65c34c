package dev.vigil.runtime.config;

import dev.vigil.detector.topology.VigilTopics;
import java.util.Map;

/**
 * Vigil's topics under a test's own prefix, so tests sharing one broker keep out of each other's
 * way, and the {@code vigil.topic.*} settings that point a configuration at them.
 */
public final class PrefixedTopics {

  private PrefixedTopics() {}

  /** The default topic names, each as {@code prefix.name}. */
  public static VigilTopics under(String prefix) {
    VigilTopics d = VigilTopics.DEFAULTS;
    return new VigilTopics(
        prefix + "." + d.authEvents(),
        prefix + "." + d.tokenEvents(),
        prefix + "." + d.alerts(),
        prefix + "." + d.revocations(),
        prefix + "." + d.rules(),
        prefix + "." + d.deadLetters(),
        prefix + "." + d.ocsfFindings(),
        prefix + "." + d.risk());
  }

  /** The settings that name each of {@code topics}. */
  public static Map<String, String> settings(VigilTopics topics) {
    return Map.of(
        "vigil.topic.findings.ocsf",
        topics.ocsfFindings(),
        "vigil.topic.risk",
        topics.risk(),
        "vigil.topic.auth.events",
        topics.authEvents(),
        "vigil.topic.token.events",
        topics.tokenEvents(),
        "vigil.topic.alerts",
        topics.alerts(),
        "vigil.topic.revocations",
        topics.revocations(),
        "vigil.topic.rules",
        topics.rules(),
        "vigil.topic.dlq",
        topics.deadLetters());
  }
}
