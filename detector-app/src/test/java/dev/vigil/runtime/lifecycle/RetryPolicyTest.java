package dev.vigil.runtime.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  @Test
  void backoffDoublesAndIsCapped() {
    RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(500), Duration.ofSeconds(3));

    assertThat(policy.backoffAfter(1)).isEqualTo(Duration.ofMillis(500));
    assertThat(policy.backoffAfter(2)).isEqualTo(Duration.ofSeconds(1));
    assertThat(policy.backoffAfter(3)).isEqualTo(Duration.ofSeconds(2));
    assertThat(policy.backoffAfter(4)).isEqualTo(Duration.ofSeconds(3));
    assertThat(policy.backoffAfter(60)).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void theDefaultBudgetWaitsFarLessThanTheConsumersPollInterval() {
    RetryPolicy policy = RetryPolicy.DEFAULT;
    Duration waited = Duration.ZERO;
    for (int attempt = 1; attempt < policy.maxAttempts(); attempt++) {
      waited = waited.plus(policy.backoffAfter(attempt));
    }
    assertThat(waited).isEqualTo(Duration.ofMillis(15_500));
  }

  @Test
  void rejectsNonsense() {
    assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO))
        .hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessageContaining("maxBackoff");
    assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(-1), Duration.ofSeconds(1)))
        .hasMessageContaining("initialBackoff");
  }
}
