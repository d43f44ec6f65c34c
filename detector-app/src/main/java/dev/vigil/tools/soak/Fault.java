package dev.vigil.tools.soak;

import java.time.Duration;

/**
 * The faults real producers make, which a soak slips in among its traffic, and what Vigil must do
 * with each: dead-letter it with a reason that names the problem, or, for an event a few hours
 * ahead of the clock, judge it without letting it move stream time ("clamped", docs/CONTRACT.md).
 */
enum Fault {
  /** A value whose first byte is not the wire format's magic 0. */
  WRONG_MAGIC_BYTE(true, "wrong magic byte 0x01"),
  /** A framed value naming a schema id the registry never issued. */
  UNKNOWN_SCHEMA_ID(true, "unknown schema id " + Fault.UNKNOWN_SCHEMA),
  /** A valid header naming a real schema, then bytes that are not a record of it. */
  MALFORMED_AVRO(true, "malformed Avro payload for schema id"),
  /** A JSON document where Avro was expected. */
  NOT_WIRE_FORMAT(true, "wrong magic byte 0x7b"),
  /** Two bytes: shorter than the wire format's header. */
  TRUNCATED(true, "truncated payload: 2 byte(s)"),
  /** An event dated {@link #HOURS_AHEAD_BY} ahead of the clock: judged, stream time untouched. */
  HOURS_AHEAD(false, null),
  /** An event dated {@link #DAYS_BEHIND_BY} behind the clock: far behind stream time, late. */
  DAYS_BEHIND(false, "late-event"),
  /** An event dated {@link #DAYS_AHEAD_BY} ahead: beyond any clock error, dead-lettered. */
  DAYS_AHEAD(false, "future-event");

  /** A schema id no registry of a soak ever issues. */
  static final int UNKNOWN_SCHEMA = 987_654_321;

  /** Less than {@code vigil.event.time.max.ahead} (1d): a producer's clock off by hours. */
  static final Duration HOURS_AHEAD_BY = Duration.ofHours(3);

  static final Duration DAYS_BEHIND_BY = Duration.ofDays(3);

  /** More than {@code vigil.event.time.max.ahead} (1d). */
  static final Duration DAYS_AHEAD_BY = Duration.ofDays(3);

  private final boolean poison;
  private final String expectedReason;

  Fault(boolean poison, String expectedReason) {
    this.poison = poison;
    this.expectedReason = expectedReason;
  }

  /** Bytes no contract serde can read, as opposed to a valid event dated wrongly. */
  boolean poison() {
    return poison;
  }

  /** Whether Vigil must dead-letter it; {@link #HOURS_AHEAD} it must judge instead. */
  boolean deadLettered() {
    return expectedReason != null;
  }

  /**
   * What the dead letter's reason ({@code vigil.dlq.reason}) or message must contain: the words
   * that name this fault, so a dead letter with some other reason does not pass for it.
   */
  String expectedReason() {
    return expectedReason;
  }

  /** The {@code n}th fault of a soak (they take turns). */
  static Fault nth(long n) {
    return values()[(int) (n % values().length)];
  }

  /** Its name in the summary, e.g. {@code wrong_magic_byte}. */
  String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
