package dev.vigil.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.detector.topology.EventTimeBounds;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code vigil.event.time.max.skew} and {@code vigil.event.time.max.ahead}. */
class EventTimeConfigTest {

  @Test
  void defaultsAreFiveMinutesOfSkewAndADayAhead() {
    VigilConfig config = VigilConfig.defaults();

    assertThat(config.eventTimeMaxSkew()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.eventTimeMaxAhead()).isEqualTo(Duration.ofDays(1));
    EventTimeBounds bounds = config.eventTimeBounds(Clock.systemUTC());
    assertThat(bounds.enabled()).isTrue();
    assertThat(bounds.maxSkew()).isEqualTo(EventTimeBounds.DEFAULT_MAX_SKEW);
    assertThat(bounds.maxAhead()).isEqualTo(EventTimeBounds.DEFAULT_MAX_AHEAD);
  }

  @Test
  void bothAreSetLikeAnyDurationFromTheEnvironment() {
    VigilConfig config =
        VigilConfig.builder()
            .environment(
                Map.of("VIGIL_EVENT_TIME_MAX_SKEW", "90s", "VIGIL_EVENT_TIME_MAX_AHEAD", "PT14H"))
            .build();

    assertThat(config.eventTimeMaxSkew()).isEqualTo(Duration.ofSeconds(90));
    assertThat(config.eventTimeMaxAhead()).isEqualTo(Duration.ofHours(14));
  }

  @Test
  void theLimitBelowTheSkewIsRefusedNamingBothKeys() {
    assertThatThrownBy(
            () ->
                VigilConfig.builder()
                    .commandLine("vigil.event.time.max.skew", "10m")
                    .commandLine("vigil.event.time.max.ahead", "5m")
                    .build())
        .isInstanceOf(VigilConfigException.class)
        .hasMessageContaining("vigil.event.time.max.ahead = '5m'")
        .hasMessageContaining("must be at least vigil.event.time.max.skew");
  }

  @Test
  void aLimitBeyondAYearOrANegativeSkewIsRefused() {
    assertThatThrownBy(
            () -> VigilConfig.builder().commandLine("vigil.event.time.max.ahead", "400d").build())
        .isInstanceOf(VigilConfigException.class)
        .hasMessageContaining("must be at most 365d");
    assertThatThrownBy(
            () -> VigilConfig.builder().commandLine("vigil.event.time.max.skew", "soon").build())
        .isInstanceOf(VigilConfigException.class)
        .hasMessageContaining("vigil.event.time.max.skew");
  }
}
