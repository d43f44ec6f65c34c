package dev.vigil.detector.topology;

/**
 * The names of the topics Vigil reads and writes. Defaults follow the event contract; every name is
 * configurable.
 */
public record VigilTopics(
    String authEvents,
    String tokenEvents,
    String alerts,
    String revocations,
    String rules,
    String deadLetters) {

  public static final VigilTopics DEFAULTS =
      new VigilTopics(
          "identity.auth-events",
          "identity.token-events",
          "identity.alerts",
          "identity.revocations",
          "identity.rules",
          "identity.dlq");
}
