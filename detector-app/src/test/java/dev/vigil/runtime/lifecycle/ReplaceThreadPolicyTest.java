package dev.vigil.runtime.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detector.fixtures.ManualClock;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class ReplaceThreadPolicyTest {

  private final List<Duration> slept = new ArrayList<>();
  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-28T09:00:00Z"));

  private final ReplaceThreadPolicy policy =
      new ReplaceThreadPolicy(
          Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(5), clock, slept::add);

  @Test
  void replacesTheThreadAfterABackoffThatDoublesUpToTheCap() {
    Exception outage =
        new StreamsException(
            new SerializationException("registry", new ConnectException("refused")));
    for (int i = 0; i < 6; i++) {
      assertThat(policy.handle(outage)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(slept)
        .containsExactly(
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(8),
            Duration.ofSeconds(10),
            Duration.ofSeconds(10));
  }

  @Test
  void theBackoffStartsOverAfterAQuietPeriod() {
    policy.handle(new IllegalStateException("bug"));
    policy.handle(new IllegalStateException("bug"));
    clock.advance(Duration.ofMinutes(6));
    policy.handle(new IllegalStateException("bug"));

    assertThat(slept)
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1));
  }

  @Test
  void aMissingSourceTopicShutsTheClientDownWithoutWaiting() {
    assertThat(
            policy.handle(
                new StreamsException(new MissingSourceTopicException("identity.auth-events"))))
        .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    assertThat(slept).isEmpty();
  }

  @Test
  void aConfigurationErrorShutsTheClientDownInsteadOfLooping() {
    Exception unconfigurable =
        new StreamsException(
            "Failed to initialize key serdes for source node KSTREAM-SOURCE-0000000000",
            new ConfigException("Please specify a key serde"));
    assertThat(policy.handle(unconfigurable))
        .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    assertThat(slept).isEmpty();
  }
}
