package dev.vigil.detector;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Spans and times as an analyst reads them in an alert: pack-style units, never ISO periods. */
class FindingWordingTest {

  @ParameterizedTest(name = "{0} s reads {1}")
  @CsvSource({
    "0, 0s",
    "30, 30s",
    "600, 10m",
    "5400, 1h30m",
    "5430, 1h30m",
    "86400, 1d",
    "2955600, 34d5h",
    "90061, 1d1h",
  })
  void spansReadAsRulePacksWriteThem(long seconds, String expected) {
    assertThat(FindingWording.span(Duration.ofSeconds(seconds))).isEqualTo(expected);
  }

  @Test
  void timesAreToTheSecond() {
    assertThat(FindingWording.time(Instant.parse("2026-11-02T10:15:30.123Z")))
        .isEqualTo("2026-11-02T10:15:30Z");
  }
}
