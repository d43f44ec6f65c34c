package dev.vigil.detector.profile;

import java.time.Instant;

/**
 * What the detectors know of one of the identity's tokens, gathered from several states (the replay
 * detector knows its expiry and binding, the audience detector its audience, the intent detector
 * its task) before it becomes a {@link IdentityProfile.TokenView}.
 */
public final class TokenFacts {

  final String tokenId;
  Instant expiresAt;
  Instant revokedAt;
  String binding;
  String audience;
  String task;
  Instant lastUsed;

  TokenFacts(String tokenId) {
    this.tokenId = tokenId;
  }

  /** The expiry, unless one is already known (the issuer's own, from the replay state, wins). */
  public TokenFacts expiresAt(Instant expiry) {
    if (expiresAt == null) {
      expiresAt = expiry;
    }
    return this;
  }

  /** The expiry a detector knows, or null. */
  public Instant expiry() {
    return expiresAt;
  }

  public TokenFacts revokedAt(Instant revoked) {
    if (revokedAt == null || (revoked != null && revoked.isBefore(revokedAt))) {
      revokedAt = revoked;
    }
    return this;
  }

  public TokenFacts binding(String context) {
    if (binding == null) {
      binding = context;
    }
    return this;
  }

  public TokenFacts audience(String value) {
    if (audience == null) {
      audience = value;
    }
    return this;
  }

  public TokenFacts task(String taskId) {
    if (task == null) {
      task = taskId;
    }
    return this;
  }

  /** Widens the last use to {@code time}. */
  public TokenFacts used(Instant time) {
    if (time != null && (lastUsed == null || time.isAfter(lastUsed))) {
      lastUsed = time;
    }
    return this;
  }
}
