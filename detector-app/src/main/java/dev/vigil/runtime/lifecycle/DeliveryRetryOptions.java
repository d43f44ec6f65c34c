package dev.vigil.runtime.lifecycle;

import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The retry options of every command that delivers to an outside system ({@code @Mixin
 * DeliveryRetryOptions retry;}): the revocation consumer's sinks and the SSF transmitter's
 * receivers retry alike, so they are configured alike.
 */
public final class DeliveryRetryOptions {

  @Option(
      names = "--max-attempts",
      paramLabel = "N",
      defaultValue = "6",
      description =
          "Delivery attempts per sink or receiver before a retryable failure is given up"
              + " (default: ${DEFAULT-VALUE}).")
  int maxAttempts;

  @Option(
      names = "--retry-backoff",
      paramLabel = "DURATION",
      defaultValue = "500ms",
      description =
          "Wait after the first failed attempt; doubles after each (default: ${DEFAULT-VALUE}).")
  Duration retryBackoff;

  @Option(
      names = "--max-backoff",
      paramLabel = "DURATION",
      defaultValue = "30s",
      description = "Longest wait between attempts (default: ${DEFAULT-VALUE}).")
  Duration maxBackoff;

  /**
   * The policy these options give.
   *
   * @throws IllegalArgumentException naming the option value a policy cannot have
   */
  public RetryPolicy policy() {
    return new RetryPolicy(maxAttempts, retryBackoff, maxBackoff);
  }
}
