package dev.vigil.tools.simulate;

import dev.vigil.events.Source;

/**
 * A credential an identity holds: what it was minted for, until when, and whom it is bound to.
 * {@code lastUse} is the latest use planned with it, so a revocation is never planned before it.
 */
final class HeldToken {

  final String id;
  final String audience;
  final long expiresAt;
  final Source boundTo;
  long lastUse;

  HeldToken(String id, String audience, long issuedAt, long expiresAt, Source boundTo) {
    this.id = id;
    this.audience = audience;
    this.expiresAt = expiresAt;
    this.boundTo = boundTo;
    this.lastUse = issuedAt;
  }

  boolean validThrough(long time) {
    return expiresAt > time;
  }
}
