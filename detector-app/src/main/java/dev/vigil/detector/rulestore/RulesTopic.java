package dev.vigil.detector.rulestore;

/** How the active rule pack sits on the compacted rules topic. */
public final class RulesTopic {

  /** The key under which the active pack's YAML text is published. */
  public static final String ACTIVE_KEY = "active";

  /** The in-memory global store the rules topic is materialized into. */
  public static final String STORE = "vigil-rules";

  private RulesTopic() {}
}
