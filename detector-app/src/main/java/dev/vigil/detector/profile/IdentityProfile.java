package dev.vigil.detector.profile;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What Vigil's state says about one identity, for an analyst: when it was first and last seen, its
 * baseline in words, its tokens, its tasks and its recent alerts. Built by {@link ProfileBuilder}
 * from the detectors' states of the identity's task; every text is worded with {@code
 * FindingWording}, every time is also given as an instant for machines.
 *
 * @param baseline one sentence per aspect, in the order {@link Aspect} lists them; an aspect no
 *     state knows anything about is absent
 * @param tokensShown which tokens {@code tokens} lists, in words (every live one, the most recent
 *     of the others)
 * @param alertsShown what {@code recentAlerts} holds, in words (they come from the suppression
 *     windows still open, not from the alerts topic)
 */
public record IdentityProfile(
    String identity,
    String identityType,
    Instant asOf,
    Instant firstSeen,
    Instant lastSeen,
    String seen,
    Map<String, String> baseline,
    List<TokenView> tokens,
    String tokensShown,
    List<TaskView> tasks,
    List<AlertView> recentAlerts,
    String alertsShown) {

  /** The parts of an identity's habit a profile describes, in the order it prints them. */
  public enum Aspect {
    PRIVILEGES,
    TOOLS,
    NETWORKS,
    RHYTHM,
    MATURITY;

    /** The key under which the aspect appears in {@link IdentityProfile#baseline()}. */
    public String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * One token the identity holds or held, by fingerprint (token ids are fingerprints, never the
   * secret).
   *
   * @param status {@code live}, {@code expired}, {@code revoked} or {@code no known expiry}
   * @param expiry when it expires or expired, in words relative to {@code asOf}
   * @param binding the context its issuer bound it to (workload, key binding), when known
   */
  public record TokenView(
      String tokenId,
      String status,
      Instant expiresAt,
      String expiry,
      Instant revokedAt,
      String binding,
      String audience,
      String task,
      Instant lastUsed) {}

  /**
   * A task the identity was issued tokens for.
   *
   * @param state {@code open} (tokens issued, no completion seen) or {@code completed}
   * @param words what an analyst reads: since when, which tokens
   */
  public record TaskView(
      String taskId, String state, Instant since, List<String> tokens, String words) {}

  /**
   * An alert whose suppression window is still open: the last alert of one rule for the identity,
   * with the repeats merged into it so far.
   */
  public record AlertView(
      String alertId,
      String ruleId,
      String detection,
      String severity,
      Instant suppressedUntil,
      int repeats,
      String words) {}
}
