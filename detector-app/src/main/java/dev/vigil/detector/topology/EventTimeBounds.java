package dev.vigil.detector.topology;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How far an input event's {@code event_time}, which its producer chose, is trusted against this
 * instance's wall clock. Stream time — what decides lateness, closes suppression windows and runs
 * the sweeps — must not be a value one producer can set.
 *
 * <ul>
 *   <li>No record's timestamp (so no stream time) is ever ahead of the wall clock: an event dated
 *       ahead of it by no more than {@link #maxSkew()} counts for stream time as the wall clock,
 *       one dated further ahead does not move stream time at all (see {@link #streamTimestamp}).
 *       The event itself is judged with its own {@code event_time}, which stays in its evidence.
 *   <li>An event more than {@link #maxSkew()} ahead is counted ({@code
 *       vigil_events_future_total{verdict="clamped"}}): a producer's clock is off, or someone is
 *       forging times. It is still judged, because a SOC must not lose a real event to a wrong
 *       clock (a producer writing local time as UTC is up to 14 h ahead).
 *   <li>An event more than {@link #maxAhead()} ahead is dead-lettered with reason {@link
 *       DeadLetters#FUTURE_EVENT} and counted ({@code verdict="dead_lettered"}): no clock is that
 *       wrong, and judging it would plant far-future times in its identity's state.
 * </ul>
 *
 * <p>{@link #NONE} switches this off, for replays of history, where the wall clock means nothing.
 *
 * @param clock the wall clock; {@code null} only in {@link #NONE}
 * @param maxSkew how far ahead an event may be before it is counted
 * @param maxAhead how far ahead an event may be before it is dead-lettered; at least {@code
 *     maxSkew}
 */
public record EventTimeBounds(Clock clock, Duration maxSkew, Duration maxAhead) {

  public static final Duration DEFAULT_MAX_SKEW = Duration.ofMinutes(5);
  public static final Duration DEFAULT_MAX_AHEAD = Duration.ofDays(1);

  /** The largest {@code maxAhead} accepted: a year, far beyond any clock error. */
  public static final Duration LIMIT = Duration.ofDays(365);

  /** No bound: event time is taken as written (replays of history). */
  public static final EventTimeBounds NONE = new EventTimeBounds(null, null, null);

  /** What the intake makes of an event's time. */
  public enum Verdict {
    /** Judged; within the tolerated skew of the wall clock, or behind it. */
    ON_TIME,
    /** Judged, and counted: more than the skew ahead of the wall clock. */
    AHEAD,
    /** Dead-lettered: more than {@code maxAhead} ahead of the wall clock. */
    TOO_FAR_AHEAD
  }

  public EventTimeBounds {
    if (clock != null) {
      Objects.requireNonNull(maxSkew, "maxSkew");
      Objects.requireNonNull(maxAhead, "maxAhead");
      if (maxSkew.isNegative()) {
        throw new IllegalArgumentException("maxSkew must not be negative, was " + maxSkew);
      }
      if (maxAhead.compareTo(maxSkew) < 0 || maxAhead.compareTo(LIMIT) > 0) {
        throw new IllegalArgumentException(
            "maxAhead must be between maxSkew ("
                + maxSkew
                + ") and "
                + LIMIT
                + ", was "
                + maxAhead);
      }
    } else if (maxSkew != null || maxAhead != null) {
      throw new IllegalArgumentException("bounds without a clock: use EventTimeBounds.NONE");
    }
  }

  /** Bounds with the given wall clock and the default skew (5 min) and limit (1 day). */
  public static EventTimeBounds of(Clock clock) {
    return new EventTimeBounds(Objects.requireNonNull(clock), DEFAULT_MAX_SKEW, DEFAULT_MAX_AHEAD);
  }

  public boolean enabled() {
    return clock != null;
  }

  /**
   * The timestamp Kafka Streams gives a record whose event is dated {@code eventTimeMs}, read from
   * a partition whose time is {@code partitionTimeMs} (-1 before its first record):
   *
   * <ul>
   *   <li>its event time, when that is not ahead of the wall clock;
   *   <li>the wall clock, when the event is ahead of it by no more than the skew: an honest clock a
   *       little fast, or this instance's a little slow, still moves stream time, but never past
   *       the wall clock, where honest events would be late;
   *   <li>the partition's time, when the event is further ahead: it does not move stream time at
   *       all, not even during a catch-up, when the wall clock is hours ahead of the events being
   *       read;
   *   <li>the partition's time too (at least 0) for an event dated before 1970: Kafka Streams would
   *       drop a negative timestamp without a trace; the intake dead-letters it as late.
   * </ul>
   */
  long streamTimestamp(long eventTimeMs, long partitionTimeMs) {
    if (eventTimeMs < 0) {
      return Math.max(partitionTimeMs, 0);
    }
    if (clock == null) {
      return eventTimeMs;
    }
    long now = clock.millis();
    if (eventTimeMs <= now) {
      return eventTimeMs;
    }
    if (eventTimeMs <= now + maxSkew.toMillis()) {
      return now;
    }
    return Math.max(partitionTimeMs, 0);
  }

  /** The verdict on an event dated {@code eventTimeMs} when the wall clock reads {@code nowMs}. */
  Verdict judge(long eventTimeMs, long nowMs) {
    // Compared as sums of the (bounded) clock and durations: a difference with an event time near
    // Long.MIN_VALUE would overflow.
    if (clock == null || eventTimeMs <= nowMs + maxSkew.toMillis()) {
      return Verdict.ON_TIME;
    }
    return eventTimeMs > nowMs + maxAhead.toMillis() ? Verdict.TOO_FAR_AHEAD : Verdict.AHEAD;
  }

  /** The wall clock now, or -1 without bounds. */
  long nowMs() {
    return clock == null ? -1 : clock.millis();
  }
}
