package dev.vigil.detector.topology;

/**
 * The names of the topics Vigil reads and writes. Defaults follow the event contract; every name is
 * configurable.
 *
 * @param ocsfFindings where every alert's OCSF Detection Finding twin goes, as JSON; null when the
 *     operator turned that output off ({@code vigil.findings.ocsf.enabled=false})
 * @param risk the compacted table of identities at risk, one JSON verdict per identity
 */
public record VigilTopics(
    String authEvents,
    String tokenEvents,
    String alerts,
    String revocations,
    String rules,
    String deadLetters,
    String ocsfFindings,
    String risk) {

  public static final String DEFAULT_OCSF_FINDINGS = "identity.findings.ocsf";
  public static final String DEFAULT_RISK = "identity.risk";

  public static final VigilTopics DEFAULTS =
      new VigilTopics(
          "identity.auth-events",
          "identity.token-events",
          "identity.alerts",
          "identity.revocations",
          "identity.rules",
          "identity.dlq",
          DEFAULT_OCSF_FINDINGS,
          DEFAULT_RISK);

  /** The contract's topics with the optional outputs at their default names. */
  public VigilTopics(
      String authEvents,
      String tokenEvents,
      String alerts,
      String revocations,
      String rules,
      String deadLetters) {
    this(
        authEvents,
        tokenEvents,
        alerts,
        revocations,
        rules,
        deadLetters,
        DEFAULT_OCSF_FINDINGS,
        DEFAULT_RISK);
  }
}
