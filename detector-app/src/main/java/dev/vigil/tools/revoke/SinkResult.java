package dev.vigil.tools.revoke;

import java.util.Objects;

/**
 * What one delivery attempt to a {@link RevocationSink} came to. The consumer, not the sink,
 * decides what happens next: {@link Status#RETRYABLE} is tried again with backoff until the retry
 * budget is spent, {@link Status#REJECTED} goes straight to the dead-letter topic.
 */
public record SinkResult(Status status, String detail) {

  public enum Status {
    /** The target system acted on the command (or had already acted on it). */
    DELIVERED,
    /** A transient failure: timeout, connection refused, 5xx, 429. Worth another try. */
    RETRYABLE,
    /** A permanent failure: the target refused the command (4xx). Retrying cannot help. */
    REJECTED
  }

  public SinkResult {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(detail, "detail");
  }

  public static SinkResult delivered(String detail) {
    return new SinkResult(Status.DELIVERED, detail);
  }

  public static SinkResult retryable(String reason) {
    return new SinkResult(Status.RETRYABLE, reason);
  }

  public static SinkResult rejected(String reason) {
    return new SinkResult(Status.REJECTED, reason);
  }
}
