package dev.vigil.detector.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.detector.fixtures.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventTimeBoundsTest {

  private static final long NOW = Instant.parse("2026-12-01T12:00:00Z").toEpochMilli();
  private static final long MINUTE = 60_000;
  private static final EventTimeBounds BOUNDS =
      new EventTimeBounds(
          new ManualClock(Instant.ofEpochMilli(NOW)), Duration.ofMinutes(5), Duration.ofDays(1));

  @Test
  void anEventAtOrBehindTheClockKeepsItsOwnTime() {
    assertThat(BOUNDS.streamTimestamp(NOW, NOW - MINUTE)).isEqualTo(NOW);
    assertThat(BOUNDS.streamTimestamp(NOW - 60 * MINUTE, NOW)).isEqualTo(NOW - 60 * MINUTE);
  }

  @Test
  void anEventWithinTheSkewCountsAsTheWallClock() {
    assertThat(BOUNDS.streamTimestamp(NOW + 4 * MINUTE, NOW - MINUTE)).isEqualTo(NOW);
    assertThat(BOUNDS.streamTimestamp(NOW + 4 * MINUTE, -1)).isEqualTo(NOW);
  }

  @Test
  void anEventBeyondTheSkewDoesNotMoveItsPartitionsTime() {
    long behind = NOW - 3 * 60 * MINUTE; // catching up a backlog: partition time hours behind
    assertThat(BOUNDS.streamTimestamp(NOW + 6 * MINUTE, behind)).isEqualTo(behind);
    assertThat(BOUNDS.streamTimestamp(Long.MAX_VALUE, behind)).isEqualTo(behind);
    assertThat(BOUNDS.streamTimestamp(NOW + 120 * MINUTE, -1)).isZero();
  }

  @Test
  void anEventBefore1970NeverGetsANegativeTimestamp() {
    assertThat(BOUNDS.streamTimestamp(-5_000, NOW)).isEqualTo(NOW);
    assertThat(BOUNDS.streamTimestamp(-5_000, -1)).isZero();
    assertThat(EventTimeBounds.NONE.streamTimestamp(-5_000, 42)).isEqualTo(42);
  }

  @Test
  void withoutBoundsEventTimeIsTakenAsWritten() {
    assertThat(EventTimeBounds.NONE.streamTimestamp(NOW + 1_000 * MINUTE, 0))
        .isEqualTo(NOW + 1_000 * MINUTE);
    assertThat(EventTimeBounds.NONE.judge(Long.MAX_VALUE, NOW))
        .isEqualTo(EventTimeBounds.Verdict.ON_TIME);
  }

  @Test
  void verdicts() {
    assertThat(BOUNDS.judge(NOW + 5 * MINUTE, NOW)).isEqualTo(EventTimeBounds.Verdict.ON_TIME);
    assertThat(BOUNDS.judge(NOW + 5 * MINUTE + 1, NOW)).isEqualTo(EventTimeBounds.Verdict.AHEAD);
    assertThat(BOUNDS.judge(NOW + 24 * 60 * MINUTE, NOW)).isEqualTo(EventTimeBounds.Verdict.AHEAD);
    assertThat(BOUNDS.judge(NOW + 24 * 60 * MINUTE + 1, NOW))
        .isEqualTo(EventTimeBounds.Verdict.TOO_FAR_AHEAD);
    assertThat(BOUNDS.judge(Long.MAX_VALUE, NOW)).isEqualTo(EventTimeBounds.Verdict.TOO_FAR_AHEAD);
    assertThat(BOUNDS.judge(Long.MIN_VALUE, NOW)).isEqualTo(EventTimeBounds.Verdict.ON_TIME);
  }

  @Test
  void theLimitMustNotBeBelowTheSkewNorAboveAYear() {
    ManualClock clock = new ManualClock(Instant.ofEpochMilli(NOW));
    assertThatThrownBy(
            () -> new EventTimeBounds(clock, Duration.ofMinutes(10), Duration.ofMinutes(5)))
        .hasMessageContaining("maxAhead must be between maxSkew");
    assertThatThrownBy(() -> new EventTimeBounds(clock, Duration.ZERO, Duration.ofDays(400)))
        .hasMessageContaining("PT8760H");
    assertThatThrownBy(() -> new EventTimeBounds(null, Duration.ZERO, Duration.ZERO))
        .hasMessageContaining("EventTimeBounds.NONE");
  }
}
