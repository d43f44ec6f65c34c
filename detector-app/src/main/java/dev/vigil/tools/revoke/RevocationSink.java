package dev.vigil.tools.revoke;

import dev.vigil.events.RevocationCommand;

/**
 * A system that can take a credential or identity out of service: an IdP, a secret manager, a
 * webhook in front of either, or just the log.
 *
 * <p>Contract for implementations (see docs/REVOCATION.md):
 *
 * <ul>
 *   <li>Make one attempt per call and classify it; never retry inside {@code deliver}. The consumer
 *       owns retries, backoff and dead-lettering, so every sink behaves the same under failure.
 *   <li>Be idempotent by {@link RevocationCommand#getCommandId()}: the consumer delivers a command
 *       to a sink once per command id, but a crash between the target acting and the consumer
 *       recording it can repeat one delivery. Revoking an already revoked token must report {@code
 *       DELIVERED}.
 *   <li>Do not throw for expected failures; return {@link SinkResult#retryable} or {@link
 *       SinkResult#rejected}. An unexpected runtime exception is treated as retryable.
 * </ul>
 */
public interface RevocationSink {

  /**
   * A short stable name ({@code [a-z0-9-]+}): it keys the dedup store and names the sink in
   * dead-letter headers, so renaming a sink makes it see old commands as new.
   */
  String name();

  /** One attempt to apply {@code command}; never called for dry-run commands. */
  SinkResult deliver(RevocationCommand command) throws InterruptedException;
}
