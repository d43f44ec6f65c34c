package dev.vigil.tools.simulate;

import dev.vigil.events.Source;
import java.util.List;

/**
 * A credential an identity holds: what it was minted for, until when, and whom it is bound to.
 * {@code lastUse} is the latest use planned with it, so a revocation is never planned before it.
 */
final class HeldToken {

  final String id;
  final String audience;
  final long issuedAt;
  final long expiresAt;
  final Source boundTo;
  final String taskId;
  final List<String> scopes;
  long lastUse;

  HeldToken(String id, String audience, long issuedAt, long expiresAt, Source boundTo, String taskId, List<String> scopes) {
    this.id = id;
    this.audience = audience;
    this.issuedAt = issuedAt;
    this.expiresAt = expiresAt;
    this.boundTo = boundTo;
    this.taskId = taskId;
    this.scopes = scopes;
    this.lastUse = issuedAt;
  }

  boolean validThrough(long time) {
    return expiresAt > time;
  }
}
